"""The window as drawn, read straight from the GL framebuffer, and saved as PNG: three times as
fast as Kivy's own screenshot, which every scenario step and report takes."""

from pathlib import Path

import cv2
import numpy as np
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

PNG_COMPRESSION = 3  # of 9: nearly the smallest file, at half the time of the default


def window_pixels() -> np.ndarray:
    """The window drawn now, as RGB 0..255, rows top down as in a picture (GL reads them
    bottom up). Drawn here because the test driver draws no frame nobody looks at."""
    Window.clear()
    Window.render_context.draw()
    width, height = Window.size
    data = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
    return np.frombuffer(data, dtype=np.uint8).reshape(height, width, 3)[::-1]


def save_png(pixels: np.ndarray, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(
        str(path), cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION]
    ):
        raise OSError(f"cannot write {path}")
    return path
