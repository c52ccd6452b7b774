"""The rendered half of the translation gate: every screen drawn in a language, each text too
long for its widget traced back to the catalog line a translator can shorten."""

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog

from ivi.i18n import catalog_path
from ivi.paths import LOCALES_DIR
from ivi.pseudo_locale import PSEUDO_LANGUAGE, locales_with_pseudo, pseudo
from ivi.testing.driver import launch
from ivi.testing.render_check import render_problems
from ivi.translation import PLACEHOLDER, read_catalog, write_catalog


def test_the_shipped_chinese_fits_every_screen(tmp_path):
    assert [str(p) for p in render_problems(LOCALES_DIR, "zh_CN", tmp_path)] == []


def test_a_translation_too_long_for_its_button_is_named_with_its_catalog_line(tmp_path):
    locales = Path(shutil.copytree(LOCALES_DIR, tmp_path / "locales"))
    path = catalog_path("zh_CN", locales)
    catalog = read_catalog(path)
    catalog["Keep all off"].string = "请保持所有个人信息收集功能全部处于关闭状态不变"
    write_catalog(path, catalog)
    line = read_catalog(path)["Keep all off"].lineno
    problems = render_problems(locales, "zh_CN", tmp_path)
    assert problems, "a string twice as long as its button went unnoticed"
    assert {(p.file, p.line) for p in problems} == {(str(path), line)}
    assert any("id:keep_all_off" in p.what and "does not fit on notice" in p.what for p in problems)


def test_the_pseudo_locale_is_longer_accented_english_with_the_placeholders_kept(tmp_path):
    assert pseudo("Keep all off").startswith("[Kéép")
    longer = pseudo("Sent: %(sent)s  Refused: %(refused)s")
    assert PLACEHOLDER.findall(longer) == PLACEHOLDER.findall("Sent: %(sent)s  Refused: %(refused)s")
    english = read_catalog(catalog_path("en", LOCALES_DIR))
    shown = [m.string for m in english if m.id and isinstance(m.string, str) and len(m.string) > 10]
    growth = sum(len(pseudo(s)) for s in shown) / sum(len(s) for s in shown)
    assert 1.3 < growth < 1.6
    locales = locales_with_pseudo(LOCALES_DIR, tmp_path / "locales")
    assert read_catalog(catalog_path(PSEUDO_LANGUAGE, locales))["Keep all off"].string == pseudo("Keep all off")


def test_a_new_language_runs_on_screen_borrowing_what_it_lacks(tmp_path):
    locales = Path(shutil.copytree(LOCALES_DIR, tmp_path / "locales"))
    traditional = Catalog(locale="zh_TW", domain="ivi")
    traditional.add("Keep all off", "全部保持关闭（繁）")
    write_catalog(catalog_path("zh_TW", locales), traditional)
    head_unit = launch(tmp_path / "car.db", language="zh_TW", locales_dir=locales)
    try:
        head_unit.ignition_on()
        assert head_unit.text_of("id:keep_all_off") == "全部保持关闭（繁）"
        assert head_unit.text_of("id:notice_title") == "您在本车中的隐私"  # zh_CN's
        head_unit.tap("id:keep_all_off")
        head_unit.tap("id:open_drawer")
        assert head_unit.find("id:sim_language_zh_TW") is not None  # offered beside zh_CN and en
        head_unit.tap("id:sim_language_en")
        assert head_unit.app.translator.language == "en"
    finally:
        head_unit.close()
