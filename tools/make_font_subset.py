"""Rebuild the bundled CJK font subsets in assets/fonts/ (a developer tool, not run by the app).

Needs Debian's fonts-noto-cjk (`apt-get install fonts-noto-cjk`) and fonttools. The subset
keeps every character of GB 2312 (the 6,763 common Simplified Chinese characters plus its
symbols), Latin-1, general and CJK punctuation and full-width forms, so new notice text in
either language almost never needs a rebuild; `tests/unit/test_font_coverage.py` says when
it does.

    python tools/make_font_subset.py
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
TARGET_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SC_INDEX = 2  # "Noto Sans CJK SC" inside the Noto Sans CJK collection
EXTRA_RANGES = [
    (0x0020, 0x00FF),  # Basic Latin and Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2100, 0x21FF),  # letterlike symbols and arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x25FF),  # geometric shapes (status dots)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312_characters() -> set[int]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def main() -> None:
    unicodes = gb2312_characters()
    for start, end in EXTRA_RANGES:
        unicodes.update(range(start, end + 1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    for weight in ("Regular", "Bold"):
        font = TTCollection(SOURCE_DIR / f"NotoSansCJK-{weight}.ttc").fonts[SC_INDEX]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)
        target = TARGET_DIR / f"NotoSansCJKsc-{weight}-subset.otf"
        font.save(target)
        print(f"{target.name}: {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
