"""Every visible string is in both catalogs, and the bundled font can draw every character."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from ivi.i18n import Translator, available_languages, catalog_path
from ivi.paths import ASSETS_DIR, LOCALES_DIR, PACKAGE_DIR

LANGUAGES = ["en", "zh_CN"]
KEYWORDS = {"tr": None, "N_": None}


def source_messages() -> set[str]:
    with (LOCALES_DIR / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(PACKAGE_DIR.parent, method_map, options_map, keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def catalog(language: str):
    with catalog_path(language).open("rb") as po:
        return read_po(po)


def test_both_languages_ship():
    assert available_languages() == LANGUAGES


def test_extraction_finds_ui_kv_and_catalog_text():
    messages = source_messages()
    assert {"Keep all off", "Fatigue alert", "7 days"} <= messages  # kv, catalog.toml, Python


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_visible_string_is_translated(language):
    po = catalog(language)
    missing = sorted(m for m in source_messages() if not (po.get(m) and po.get(m).string))
    fuzzy = sorted(m.id for m in po if m.id and m.fuzzy)
    assert missing == [] and fuzzy == []


def test_the_chinese_catalog_really_is_chinese():
    translator = Translator("zh_CN")
    assert translator.gettext("Keep all off") == "全部保持关闭"
    assert translator.gettext("Fatigue alert") == "疲劳提醒"


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_the_bundled_font_has_a_glyph_for_every_character_shown(weight):
    font = TTFont(ASSETS_DIR / "fonts" / f"NotoSansCJKsc-{weight}-subset.otf")
    covered = set(font.getBestCmap())
    shown = set()
    for language in LANGUAGES:
        for message in catalog(language):
            shown.update(message.id or "", message.string or "")
    for source in Path(PACKAGE_DIR / "ui").rglob("*.kv"):
        shown.update("".join(re.findall(r'"([^"]*)"', source.read_text(encoding="utf-8"))))
    missing = sorted(c for c in shown if ord(c) not in covered and not c.isspace())
    assert missing == []


def test_the_font_licence_travels_with_the_font():
    licence = (ASSETS_DIR / "fonts" / "LICENSE-OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
