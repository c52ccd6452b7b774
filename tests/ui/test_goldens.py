"""Golden screenshots, per language: the shipped ones match, and the comparison tolerates
rendering noise but not a changed word."""

import numpy as np
import pytest
from PIL import Image

from ivi.testing.golden import compare

LANGUAGES = [pytest.param(code, marks=pytest.mark.language(code), id=code) for code in ("en", "zh_CN")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_screens_look_as_approved(head_unit, golden, language):
    head_unit.ignition_on()
    golden("notice")
    head_unit.tap("id:keep_all_off")
    golden("home")
    head_unit.tap("id:rail_privacy")
    golden("privacy")  # 09:30 in the car: the day colours
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_scheme_night")
    head_unit.tap("id:close_drawer")
    golden("privacy_night")


def test_noise_passes_and_a_changed_word_fails_with_a_diff(head_unit, tmp_path):
    head_unit.ignition_on()
    approved = head_unit.screenshot(tmp_path / "approved.png")
    pixels = np.asarray(Image.open(approved).convert("RGB"), dtype=np.int16)
    noisy = np.clip(pixels + np.random.default_rng(7).integers(-12, 13, pixels.shape), 0, 255).astype(np.uint8)
    Image.fromarray(noisy).save(tmp_path / "noisy.png")
    assert compare(tmp_path / "noisy.png", approved).matches

    head_unit.set_language("zh_CN")  # every word changes
    changed = head_unit.screenshot(tmp_path / "changed.png")
    comparison = compare(changed, approved)
    assert not comparison.matches and comparison.share > 0.01
    assert "differs from" in str(comparison) and str(comparison.diff) in str(comparison)
    red = (np.asarray(Image.open(comparison.diff).convert("RGB")) == (255, 0, 0)).all(axis=2)
    assert red.mean() == pytest.approx(comparison.share)


def test_a_picture_of_another_size_does_not_match(tmp_path):
    Image.new("RGB", (1280, 720)).save(tmp_path / "wide.png")
    Image.new("RGB", (1920, 720)).save(tmp_path / "wider.png")
    comparison = compare(tmp_path / "wider.png", tmp_path / "wide.png")
    assert not comparison.matches and "is not the size of" in str(comparison)
