"""Chinese lines break only where they may: not before closing punctuation, not after opening
punctuation, not between a number and its measure word or unit."""

import pytest

from ivi.ui.line_breaks import bad_line_starts, break_lines

TEXT = "本车仅在您同意后处理个人信息。目前未开启需要同意的功能：摄像头、麦克风和定位均已关闭。删除请求须在 10 个工作日内（含节假日调休）完成。"


def each_char_ten_wide(text: str) -> float:
    return 10.0 * len(text)


@pytest.mark.parametrize("width", range(60, 400, 10))
def test_every_width_gives_lines_that_fit_and_break_only_where_they_may(width):
    lines = break_lines(TEXT, width, each_char_ten_wide).split("\n")
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")  # nothing lost or added
    assert all(each_char_ten_wide(line) <= width or len(line) <= 4 for line in lines)
    assert bad_line_starts(lines) == []


def test_the_rules_that_a_break_at_any_character_would_break():
    assert bad_line_starts(["处理个人信息", "。目前"]) == ["。目前"]  # closing punctuation first
    assert bad_line_starts(["须在（", "含节假日"]) == ["含节假日"]  # after an opening bracket
    assert bad_line_starts(["须在 10", "个工作日"]) == ["个工作日"]  # a number parted from its measure word
    assert break_lines("信息。", 20, each_char_ten_wide) == "信\n息。"  # the mark goes down with its word
    assert break_lines("须在 10 个工作日", 60, each_char_ten_wide).split("\n")[1].startswith("10 个")


def test_english_and_short_text_are_left_alone():
    assert break_lines("Keep all off", 500, each_char_ten_wide) == "Keep all off"
    assert break_lines("短", 5, each_char_ten_wide) == "短"
