"""The rendered half of the translation gate: every screen drawn in a language, each text too
long for its widget traced back to the catalog line a translator can shorten."""

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from kivy.core.text import Label as CoreLabel
from kivy.metrics import sp

from ivi.i18n.catalogs import PLACEHOLDER, read_catalog, write_catalog
from ivi.i18n.pseudo_locale import PSEUDO_LANGUAGE, locales_with_pseudo, pseudo
from ivi.i18n.translator import catalog_path
from ivi.paths import LOCALES_DIR
from ivi.testing.driver import launch
from ivi.testing.render_check import render_problems
from ivi.ui import theme


def test_a_translation_too_long_for_its_widget_is_named_with_its_catalog_line(tmp_path):
    # Buttons, banners and panels grow with their text; a chip keeps its sensor's name on one
    # line, so a name wider than the status bar runs off the screen.
    locales = Path(shutil.copytree(LOCALES_DIR, tmp_path / "locales"))
    path = catalog_path("zh_CN", locales)
    catalog = read_catalog(path)
    catalog["Front camera"].string = catalog["Front camera"].string * 10
    write_catalog(path, catalog)
    line = read_catalog(path)["Front camera"].lineno
    problems = render_problems(locales, "zh_CN", tmp_path)
    assert problems, "a sensor name ten times too long went unnoticed"
    assert {(p.file, p.line) for p in problems} == {(str(path), line)}
    assert any("does not fit on home" in p.what and "runs off the window" in p.what for p in problems)


def test_the_pseudo_locale_is_longer_accented_english_with_the_placeholders_kept(tmp_path):
    assert pseudo("Keep all off").startswith("[Kéép")
    longer = pseudo("Sent: %(sent)s  Refused: %(refused)s")
    assert PLACEHOLDER.findall(longer) == PLACEHOLDER.findall("Sent: %(sent)s  Refused: %(refused)s")
    english = read_catalog(catalog_path("en", LOCALES_DIR))
    shown = [m.string for m in english if m.id and isinstance(m.string, str) and len(m.string) > 10]
    # measured as drawn: a pad wider than a letter once made the "40 %" twice as wide
    growth = sum(_drawn_width(pseudo(s)) for s in shown) / sum(_drawn_width(s) for s in shown)
    assert 1.3 < growth < 1.6
    locales = locales_with_pseudo(LOCALES_DIR, tmp_path / "locales")
    assert read_catalog(catalog_path(PSEUDO_LANGUAGE, locales))["Keep all off"].string == pseudo("Keep all off")


def _drawn_width(text: str) -> int:
    label = CoreLabel(text=text, font_size=sp(theme.BODY_SP))  # the bundled font, Kivy's default
    label.refresh()
    return label.texture.size[0]


def test_a_new_language_runs_on_screen_borrowing_what_it_lacks(tmp_path):
    locales = Path(shutil.copytree(LOCALES_DIR, tmp_path / "locales"))
    traditional = Catalog(locale="zh_TW", domain="ivi")
    traditional.add("Keep all off", "全部保持关闭（繁）")
    write_catalog(catalog_path("zh_TW", locales), traditional)
    head_unit = launch(tmp_path / "car.db", language="zh_TW", locales_dir=locales)
    try:
        head_unit.ignition_on()
        assert head_unit.text_of("id:keep_all_off") == "全部保持关闭（繁）"
        assert head_unit.text_of("id:notice_title") == "本车如何处理您的个人信息"  # zh_CN's
        head_unit.tap("id:keep_all_off")
        head_unit.tap("id:open_drawer")
        assert head_unit.find("id:sim_language_zh_TW") is not None  # offered beside zh_CN and en
        head_unit.tap("id:sim_language_en")
        assert head_unit.app.translator.language == "en"
    finally:
        head_unit.close()
