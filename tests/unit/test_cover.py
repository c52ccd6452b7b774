"""What counts as hidden: the union of what is pixelated, and the gaps between neighbours of a crowd."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ivi.bus.anonymiser import MARGIN, Anonymiser
from ivi.bus.boxes import Box, share_covered


def test_a_face_half_under_one_box_and_half_under_another_is_all_covered():
    face = Box(10, 10, 20, 20)
    assert share_covered(face, [Box(0, 0, 20, 40), Box(20, 0, 20, 40)]) == 1.0
    assert share_covered(face, [Box(0, 0, 20, 40)]) == 0.5
    assert share_covered(face, []) == 0.0


@given(
    st.lists(st.tuples(st.integers(-20, 60), st.integers(-20, 60), st.integers(1, 40), st.integers(1, 40)), max_size=5)
)
def test_the_union_covers_at_least_as_much_as_the_best_single_box(boxes):
    face = Box(10, 10, 20, 20)
    cover = [Box(*b) for b in boxes]
    best = max((face.covered_by(b) for b in cover), default=0.0)
    assert best - 1e-9 <= share_covered(face, cover) <= 1.0


def test_the_gap_between_two_neighbouring_faces_of_a_crowd_is_pixelated_too():
    anonymiser = Anonymiser()
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 255, (200, 300, 3), np.uint8)
    left, right = Box(50, 60, 40, 40), Box(110, 60, 40, 40)  # 20 px apart: half a face
    result = anonymiser.pixelated(frame, (left, right), (), look_again=False)
    between = Box(92, 65, 16, 30)
    assert share_covered(between, result.face_cover) == 1.0
    assert not np.array_equal(result.pixels[65:95, 92:108], frame[65:95, 92:108])
    far = Box(250, 60, 40, 40)  # three faces' widths away: no gap pixelated to it
    result = anonymiser.pixelated(frame, (left, far), (), look_again=False)
    assert result.gaps == () and share_covered(Box(100, 65, 100, 30), result.face_cover) < 0.2
    assert all(box.grown(MARGIN, 300, 200) in result.face_cover for box in (left, far))
