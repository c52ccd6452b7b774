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


def test_chinese_body_text_and_buttons_wrap_only_where_a_line_may_break(head_unit):
    # Kivy alone breaks Chinese at any character: at some of these widths a line would start
    # with "。" or "，", or part "10" from "个工作日".
    from kivy.factory import Factory
    from kivy.uix.label import Label

    from ivi.testing.layout import drawn_lines
    from ivi.ui.line_breaks import bad_line_starts

    text = (
        "本车仅在您同意后处理个人信息。目前未开启需要同意的功能：摄像头、麦克风和定位均已关闭。须在 10 个工作日内完成。"
    )
    plain_bad, ours_bad = 0, []
    for width in range(200, 900, 23):
        for widget in (Factory.BodyText(text=text, width=width), Factory.TouchButton(text=text, width=width)):
            widget.texture_update()
            ours_bad += [(width, line) for line in bad_line_starts(drawn_lines(widget))]
        plain = Label(text=text, text_size=(width, None), font_size=24)
        plain.texture_update()
        plain_bad += bool(bad_line_starts(drawn_lines(plain)))
    assert plain_bad > 0  # the rule is needed: Kivy's own wrapping breaks it
    assert ours_bad == []
