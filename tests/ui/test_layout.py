"""Every screen, in both languages, at the wide head-unit size (1920×720): no text that
overflows, runs off the window or over other text, and touch-first sizes. The default
1280×720 is checked, and photographed, by the translation gate in every language
(`tests/integration/test_i18n_cli.py` runs `ivi i18n check`, which applies the same checks)."""

import pytest
from kivy.core.window import Window

from ivi.testing.driver import launch
from ivi.testing.layout import text_problems, touch_problems
from ivi.testing.tour import tour

LANGUAGES = ["zh_CN", "en"]
WIDE = (1920, 720)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_is_laid_out_for_touch_without_clipped_text_on_a_wide_screen(tmp_path, language):
    # No pictures: SDL's offscreen window keeps the framebuffer it was created with, so after
    # a resize the layout is right but the picture is not.
    before = Window.size
    Window.size = WIDE
    head_unit = launch(tmp_path / "car.db", language=language)
    problems, states = [], []
    try:
        for state in tour(head_unit):
            head_unit.step()
            states.append(state)
            root = head_unit.app.root
            found = text_problems(root, overlays=(root.ids.drawer,)) + touch_problems(root)
            problems += [f"{state}: {problem}" for problem in found]
    finally:
        head_unit.close()
        Window.size = before
    assert len(states) == 26
    assert problems == []
