"""The catalogs: complete in both languages, checked by the same gate translators run, with
Chinese really Chinese, CLDR's formats, plural forms from the catalog, and a new language that
falls back cleanly."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from ivi.cli.language import catalog_help
from ivi.cli.main import cli
from ivi.core.durations import Duration
from ivi.core.text import Plural, Text
from ivi.i18n.catalogs import check_catalogs, extracted, placeholders, read_catalog, write_catalog
from ivi.i18n.translator import Translator, UnreadableCatalog, available_languages, catalog_path, choose_language
from ivi.paths import ASSETS_DIR, LOCALES_DIR


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the shipped catalogs to break."""
    return Path(shutil.copytree(LOCALES_DIR, tmp_path / "locales"))


def edit(locales: Path, language: str, msgid: str, translation: str) -> int:
    """Change one translation in a copied catalog; returns the entry's line in the .po file."""
    path = catalog_path(language, locales)
    catalog = read_catalog(path)
    catalog[msgid].string = translation
    write_catalog(path, catalog)
    return read_catalog(path)[msgid].lineno


def test_both_languages_ship():
    assert available_languages() == ["en", "zh_CN"]


def test_extraction_finds_kv_python_core_texts_catalog_text_commands_help_and_clicks_messages():
    ivi = {m.id for m in extracted("ivi", catalog_help(cli))}
    assert {"Keep all off", "Fatigue alert", "This drive"} <= ivi  # kv, catalog.toml, Python
    assert "Consent to FEATURE for a period (only while parked)." in ivi  # a command's help
    assert "unknown feature '%(feature)s' (known: %(known)s)" in ivi  # a core error's Text
    assert ("consent ledger intact: %(n)d entry", "consent ledger intact: %(n)d entries") in ivi  # a Plural
    assert "No such option {name!r}." in {m.id for m in extracted("click")}


def test_the_shipped_catalogs_pass_the_gate():
    assert [str(p) for p in check_catalogs(command_help=catalog_help(cli))] == []


def test_the_gate_names_a_missing_translation(locales):
    line = edit(locales, "zh_CN", "Keep all off", "")
    [problem] = check_catalogs(locales)
    assert (problem.file, problem.line) == (str(catalog_path("zh_CN", locales)), line)
    assert "untranslated 'Keep all off'" in problem.what and "notice.kv" in problem.what


def test_the_gate_names_a_broken_placeholder(locales):
    msgid = "Driven: %s"
    line = edit(locales, "zh_CN", msgid, "已行驶：%(until)s")
    [problem, *also] = check_catalogs(locales)
    assert all("pofilter" in p.what and p.line == line for p in also)  # translators' own tool agrees
    assert problem.line == line and "placeholders ['%(until)s']" in problem.what


@pytest.mark.parametrize(
    "translation, why",
    [
        ("已撤回%(profile)s对%(feature)999999999s的同意", "no width or precision of its own"),  # a gigabyte of spaces
        ("已撤回%(profile)s对%(feature)s的同意 100%", "no stray %"),
        ("已撤回%(profile)s对%(feature)d的同意", "the same names and conversions"),
    ],
)
def test_the_gate_names_a_translation_that_would_not_format(locales, translation, why):
    msgid = "%(feature)s withdrawn for %(profile)s: its sensors are off"
    line = edit(locales, "zh_CN", msgid, translation)
    [problem, *also] = check_catalogs(locales)
    assert problem.line == line and why in problem.what
    assert all("pofilter" in p.what and p.line == line for p in also)


def test_a_translation_that_would_not_format_is_said_in_english_instead(locales):
    edit(locales, "zh_CN", "%(feature)s withdrawn for %(profile)s: its sensors are off", "已撤回 %(feature)999999999s")
    said = Text("%(feature)s withdrawn for %(profile)s: its sensors are off", feature="Navigation", profile="Driver")
    assert said.render(Translator("zh_CN", locales)) == "Navigation withdrawn for Driver: its sensors are off"


def test_a_catalog_that_is_not_utf8_is_named_in_one_line(locales):
    path = catalog_path("zh_CN", locales)
    path.write_bytes(path.read_bytes() + b'\nmsgid "x"\nmsgstr "\xff\xfe"\n')
    lines = path.read_bytes().count(b"\n")
    [problem] = check_catalogs(locales)
    assert problem.what == f"cannot read the catalog {path}: line {lines} is not UTF-8: save the file as UTF-8"
    with pytest.raises(UnreadableCatalog, match=f"line {lines} is not UTF-8"):
        Translator("zh_CN", locales).gettext("Keep all off")  # read when first used


def test_the_gate_names_a_fuzzy_entry(locales):
    path = catalog_path("en", locales)
    catalog = read_catalog(path)
    catalog["Keep all off"].flags.add("fuzzy")
    write_catalog(path, catalog)
    [problem] = check_catalogs(locales)
    assert "en: fuzzy 'Keep all off'" in problem.what


def test_the_gate_names_a_character_the_font_cannot_draw(locales):
    line = edit(locales, "zh_CN", "Keep all off", "全部保持關閉")  # traditional 關閉: not in the GB 2312 subset
    problems = check_catalogs(locales)
    assert {p.line for p in problems} == {line}
    assert {p.what.split(" (U+")[0].split("character ")[1] for p in problems} == {"'關'", "'閉'"}


def test_placeholders_compare_names_and_types_not_column_widths():
    assert placeholders("  %(feature)-18s off") == placeholders("  %(feature)s 关闭") == ["%(feature)s"]
    assert placeholders("%(n)d of %(all)d") != placeholders("%(n)s of %(all)d")
    assert placeholders("No such option {name!r}.") == ["{name!r}"]
    assert placeholders("100%% sure") == []


def test_the_chinese_catalog_really_is_chinese():
    translator = Translator("zh_CN")
    assert translator.gettext("Keep all off") == "全部保持关闭"
    assert translator.gettext("Fatigue alert") == "疲劳提醒"


def test_cldr_formats_periods_dates_distances_and_numbers_per_language():
    english, chinese = Translator("en"), Translator("zh_CN")
    assert [english.duration(d) for d in Duration] == ["This drive", "7 days", "90 days", "1 year"]
    assert [chinese.duration(d) for d in Duration] == ["本次驾驶", "7天", "90天", "1年"]
    assert (english.date(date(2026, 12, 4)), chinese.date(date(2026, 12, 4))) == ("Dec 4, 2026", "2026年12月4日")
    assert (english.distance(12.34), chinese.distance(12.34)) == ("12.3 kilometers", "12.3公里")
    assert (english.number(12345), chinese.number(12345)) == ("12,345", "12,345")


def test_plural_forms_come_from_the_catalog():
    entries = Plural("consent ledger intact: %(n)d entry", "consent ledger intact: %(n)d entries", 1)
    assert entries.render(Translator("en")) == "consent ledger intact: 1 entry"
    assert Plural(entries.msgid, entries.plural, 5).render(Translator("en")) == "consent ledger intact: 5 entries"
    assert Plural(entries.msgid, entries.plural, 1).render(Translator("zh_CN")) == "同意记录完整：共 1 条"


def test_a_text_inside_a_text_is_translated_too():
    refusal = Text("invalid driving state: %(reason)s", reason=Text("gear P needs the car to stand still"))
    assert str(refusal) == "invalid driving state: gear P needs the car to stand still"
    assert refusal.render(Translator("zh_CN")) == "无效的驾驶状态：P 挡要求车辆静止"


def test_the_language_comes_from_lang_option_then_the_environment_then_the_default():
    assert choose_language("zh_CN", {"LANG": "en_US.UTF-8"}, "en") == "zh_CN"
    assert choose_language(None, {"LANG": "zh_CN.UTF-8"}, "en") == "zh_CN"
    assert choose_language(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "zh_CN") == "en"
    assert choose_language(None, {"LANG": "zh_SG.UTF-8"}, "en") == "zh_CN"  # the same language
    assert choose_language(None, {"LANG": "C.UTF-8"}, "en") == "en"
    assert choose_language(None, {}, "zh_CN") == "zh_CN"


def test_a_new_language_falls_back_to_its_sibling_then_to_english(locales):
    """What the README's "Adding a language" does, with zh_TW and three strings."""
    traditional = Catalog(locale="zh_TW", domain="ivi")
    traditional.add("Keep all off", "全部保持关闭（繁）")  # the subset font has only simplified glyphs
    traditional.add("Fatigue alert", "疲劳提醒（繁）")
    write_catalog(catalog_path("zh_TW", locales), traditional)
    translator = Translator("zh_TW", locales)
    assert available_languages(locales) == ["en", "zh_CN", "zh_TW"]
    assert translator.gettext("Keep all off") == "全部保持关闭（繁）"
    assert translator.gettext("Accept selected") == Translator("zh_CN").gettext("Accept selected")  # zh_CN's
    assert translator.gettext("not in any catalog") == "not in any catalog"  # the English msgid
    assert translator.date(date(2026, 12, 4)) == "2026年12月4日"  # CLDR's zh_Hant_TW
    assert choose_language(None, {"LANG": "zh_TW.UTF-8"}, "en", locales) == "zh_TW"
    assert "zh_TW: missing 'Accept selected'" in "\n".join(str(p) for p in check_catalogs(locales))


def test_the_font_licence_travels_with_the_font():
    licence = (ASSETS_DIR / "fonts" / "LICENSE-OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_a_compiled_catalog_is_kept_under_its_texts_hash_and_a_spoilt_one_is_compiled_again(
    locales, tmp_path, monkeypatch
):
    cache = tmp_path / "cache"
    monkeypatch.setenv("IVI_CACHE", str(cache))
    assert Translator("zh_CN", locales).gettext("Keep all off") == "全部保持关闭"
    kept = sorted(cache.glob("zh_CN-ivi-*.mo"))
    assert len(kept) == 1
    kept[0].write_bytes(kept[0].read_bytes()[:10])  # cut short, as a full disk might leave it
    assert Translator("zh_CN", locales).gettext("Keep all off") == "全部保持关闭"
    edit(locales, "zh_CN", "Keep all off", "都关掉")
    assert Translator("zh_CN", locales).gettext("Keep all off") == "都关掉"  # a changed text is compiled anew
    assert len(list(cache.glob("zh_CN-ivi-*.mo"))) == 2


def _catalog(tmp_path: Path, msgid: str, msgstr: str) -> Path:
    path = tmp_path / "ivi.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f'msgid "{msgid}"\nmsgstr "{msgstr}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("msgid", "msgstr", "finding"),
    [
        ("needs one or more key: value", "需要一个或多个键: 值", "ASCII punctuation in Chinese text"),
        ("%(n)d items kept", "保存了 %(count)d 项", "pofilter"),  # a placeholder renamed
        ("Open https://example.cn/privacy", "打开隐私页面", "pofilter urls"),
        ("Driver camera", "", None),  # untranslated: not pofilter's to say (the catalog check says it)
        ("Stop all (every sensor)", "全部停止（所有传感器）", None),  # full-width brackets are right in Chinese
    ],
)
def test_the_gate_runs_pofilter_and_finds_what_is_wrong_in_chinese(tmp_path, msgid, msgstr, finding):
    from ivi.i18n import pofilter

    found = [what for _line, what in pofilter.findings(_catalog(tmp_path, msgid, msgstr), "zh_CN")]
    if finding is None:
        assert found == []
    else:
        assert any(finding in what for what in found), found


def test_the_gate_names_a_catalog_whose_header_is_fuzzy(locales):
    """pybabel compile skips such a catalog whole: every message in it would fall back to English."""
    path = catalog_path("zh_CN", locales, "click")
    catalog = read_catalog(path)
    catalog.fuzzy = True
    write_catalog(path, catalog)
    assert any("header is marked fuzzy" in p.what and p.file.endswith("click.po") for p in check_catalogs(locales))
