"""The command in the reader's language (`--lang`, else `LANG`), the notice text a consent was
given under, and the translator's commands."""

import gettext
import json
import re
import shutil
from datetime import datetime, timedelta, timezone

import click
from helpers import ivi, ok

from ivi.cli.language import translate_help
from ivi.cli.main import HELP_TEXTS, cli
from ivi.i18n.pseudo_locale import PSEUDO_LANGUAGE
from ivi.i18n.translator import Translator


def test_errors_come_in_the_language_asked_for_by_option_or_environment(db_path):
    by_option = ivi("consent", "grant", "nope", "--duration", "7d", "--lang", "zh_CN", db=db_path)
    by_environment = ivi("consent", "grant", "nope", "--duration", "7d", db=db_path, lang="zh_CN.UTF-8")
    in_c_locale = ivi("consent", "grant", "nope", "--duration", "7d", db=db_path)
    assert by_option.stderr == by_environment.stderr
    assert by_option.stderr.startswith("ivi: 未知功能“nope”（可用：") and by_option.returncode == 1
    assert in_c_locale.stderr.startswith("ivi: unknown feature 'nope'")


def test_the_parsers_own_errors_are_translated_too(db_path):
    unknown = ivi("consent", "status", "--nope", db=db_path, lang="zh_CN.UTF-8")
    assert (unknown.returncode, unknown.stderr) == (2, "ivi: 没有选项 '--nope'。\n")
    bad_gear = ivi("drive", "gear", "X", "--lang", "zh_CN", db=db_path)
    assert bad_gear.returncode == 2 and "'X' 不是 'P', 'R', 'N', 'D' 之一" in bad_gear.stderr


def test_nested_reasons_and_output_are_translated(db_path):
    ok("drive", "start", db=db_path)
    ok("drive", "gear", "D", "--speed", "30", db=db_path)
    moving = ivi("consent", "grant", "navigation", "--duration", "7d", "--lang", "zh_CN", db=db_path)
    assert moving.stderr == ("ivi: 车辆行驶中（D 挡，30 km/h）无法开启导航：请先驻车（P 挡）或停车；关闭功能随时可以\n")
    assert ivi("consent", "verify", "--lang", "zh_CN", db=db_path).stdout == (
        "数据库结构：与 ivi 写入时一致（版本 5）\n同意记录完整：共 0 条\n行程记录完好：1 次行程\n"
    )


def test_human_output_is_wholly_in_the_language_asked_for_with_china_time_to_the_second(db_path):
    ok("drive", "start", db=db_path)
    granted = ivi("consent", "grant", "fatigue_alert", "--duration", "7d", "--lang", "zh_CN", db=db_path)
    for args in (("traffic_services", "--duration", "drive"), ("eco_driving", "--duration", "90d")):
        ok("consent", "grant", *args, db=db_path)
    ok("drive", "gear", "D", "--speed", "30", db=db_path)
    ok("bus", "run", "--seconds", "130", db=db_path)
    ok("drive", "gear", "P", db=db_path)
    ok("data", "delete", "location", db=db_path)
    [row] = [r for r in json.loads(ok("consent", "status", "--json", db=db_path))["features"] if r["active"]][:1]
    until = datetime.fromisoformat(row["expires_at"]).astimezone(timezone(timedelta(hours=8)))
    shown = f"{until.year}年{until.month}月{until.day}日 {until:%H:%M:%S}"  # China time, to the second
    assert granted.stdout == f"已为车主开启疲劳提醒，至 {shown}\n"
    status = ivi("consent", "status", "--lang", "zh_CN", db=db_path).stdout
    assert f"  疲劳提醒：开启，期限 7天，至 {shown}\n" in status
    assert "  实时路况：开启，至本次驾驶结束\n" in status
    readers = (
        ["consent", "status"],
        ["consent", "history"],
        ["data", "status"],
        ["data", "requests"],
        ["egress", "log"],
    )
    for command in readers:
        out = ivi(*command, "--lang", "zh_CN", db=db_path).stdout
        assert out and not re.search(r"\b[a-z]+_[a-z_]+\b", out), (command, out)  # no feature, sensor or category id
        assert not re.search(r"\d{4}-\d\d-\d\dT", out), (command, out)  # no ISO time
        assert not re.search(r"\b(driver|guest|partner|7d|90d|drive)\b", out), (command, out)


def test_history_prints_the_exact_notice_text_in_the_language_it_was_shown_in(db_path):
    ok("drive", "start", db=db_path)
    granted = ivi("consent", "grant", "fatigue_alert", "--duration", "7d", "--lang", "zh_CN", db=db_path)
    assert granted.returncode == 0, granted.stderr
    history = json.loads(ok("consent", "history", "--json", "--text", db=db_path))
    [entry] = history["entries"]
    [receipt] = history["receipts"]
    [document] = history["documents"]
    assert entry["notice_language"] == receipt["language"] == document["language"] == "zh_CN"
    assert entry["notice_document"] == receipt["documents"]["fatigue_alert"] == document["version"]
    assert document["notice_hash"] == entry["notice_hash"]
    assert document["text"].splitlines()[:3] == [
        "疲劳提醒",
        "通过驾驶员摄像头观察您的眼睛，在您困倦时提醒。仅在车内处理，不保存任何数据。",
        "收集内容: 您面部和眼部的红外图像（生物识别特征）",
    ]
    assert len(document["text"].splitlines()) == 9  # the name, the summary and the seven items of CN-05
    assert "疲劳提醒\n" in ok("consent", "history", "--text", db=db_path)
    assert "consent ledger intact" in ok("consent", "verify", db=db_path)


def test_compile_writes_mo_files_that_gettext_reads(tmp_path):
    result = ivi("i18n", "compile", "--out", str(tmp_path / "mo"))
    assert result.returncode == 0, result.stderr
    assert "zh_CN: " in result.stdout and " messages translated" in result.stdout
    with (tmp_path / "mo" / "zh_CN" / "LC_MESSAGES" / "ivi.mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Keep all off") == "全部保持关闭"


def test_the_gate_passes_on_the_shipped_catalogs_with_every_screen_drawn_in_the_pseudo_locale(screenshot_dir):
    # the translator's command, whole: the catalogs, then every screen in the pseudo-locale
    # (longer than any translation), each saved to look at. English and Chinese are drawn,
    # and checked the same way, by the contrast tour (tests/ui/test_contrast.py).
    pictures = screenshot_dir / "i18n"
    shutil.rmtree(pictures, ignore_errors=True)  # pictures of states an older tour had
    result = ivi("i18n", "check", "--draw", PSEUDO_LANGUAGE, "--screenshots", str(pictures), timeout=300)
    assert (result.returncode, result.stdout) == (0, "catalogs complete (en, zh_CN); every screen fits in en_XA\n")
    assert len(list(pictures.glob(f"{PSEUDO_LANGUAGE}-*.png"))) == 26
    assert not list(pictures.glob("zh_CN-*.png"))


def test_drawing_a_language_there_is_no_catalog_for_is_refused_in_one_line():
    result = ivi("i18n", "check", "--draw", "fr")
    assert (result.returncode, result.stderr) == (1, "ivi: no catalog for language 'fr' (have: en, zh_CN, en_XA)\n")


def test_the_catalog_check_passes_on_the_shipped_catalogs():
    result = ivi("i18n", "check", "--no-render")
    assert (result.returncode, result.stdout) == (0, "catalogs complete (en, zh_CN); screens not drawn\n")


def test_help_comes_in_the_language_asked_for_even_between_group_and_command():
    grant = ivi("consent", "--lang", "zh_CN", "grant", "--help")
    assert grant.returncode == 0, grant.stderr
    assert grant.stdout.startswith(
        "用法： ivi consent grant [OPTIONS] FEATURE\n\n  在一段期限内同意 FEATURE（仅限驻车时）。"
    )
    listing = ivi("consent", "--help", lang="zh_CN.UTF-8")
    assert "  revoke   随时撤回对 FEATURE 的同意；其传感器在下一次采样前停止。\n" in listing.stdout


def test_every_commands_help_is_translated():
    chinese, english = Translator("zh_CN"), Translator("en")
    try:
        translate_help(HELP_TEXTS, chinese)
        for help_text in HELP_TEXTS:
            assert help_text.holder.help == chinese.gettext(help_text.english) != help_text.english
        shown = cli.get_help(click.Context(cli, info_name="ivi"))
        assert not any(h.english.split("\n")[0] in shown for h in HELP_TEXTS), shown
    finally:
        translate_help(HELP_TEXTS, english)
