"""The exterior anonymiser (CN-03) on street frames with a real face and rendered plates."""

import json

import cv2
import pytest
from test_cli import ivi, ok

from ivi.bus.anonymiser import Anonymiser, FrameUnprocessable
from ivi.bus.boxes import Box
from ivi.bus.recall import CAAM_RECALL, labelled_frames, measure


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser()


@pytest.mark.parametrize("size", [(1280, 720), (640, 480)])
def test_cn03_recall_meets_the_caam_test_and_no_face_is_found_afterwards(anonymiser, size):
    report = measure(anonymiser, labelled_frames(40, *size, seed=99))
    assert report.faces > 40 and report.plates > 10  # the set has enough of both to mean something
    assert report.face_recall >= CAAM_RECALL
    assert report.plate_recall >= CAAM_RECALL
    assert report.faces_found_after == 0


def test_the_scene_composer_puts_faces_and_plates_where_it_says():
    frame, truth = next((f, t) for f, t in labelled_frames(20, 640, 480) if t.faces and t.plates)
    face = truth.faces[0]
    # The face detector, run on the truth box alone, finds the face there.
    crop = frame[max(0, face.y - face.h // 2) : face.y + 2 * face.h, max(0, face.x - face.w // 2) : face.x + 2 * face.w]
    assert Anonymiser().find_faces(crop)
    plate = truth.plates[0]
    hsv = cv2.cvtColor(frame[plate.y : plate.y + plate.h, plate.x : plate.x + plate.w], cv2.COLOR_BGR2HSV)
    assert 100 <= hsv[..., 0].mean() <= 125  # plate blue (OpenCV hue)


@pytest.mark.parametrize("bad", ["grey", "tiny", "not an image"])
def test_a_frame_it_cannot_process_raises(anonymiser, bad):
    frame, _ = next(labelled_frames(1, 640, 480))
    broken = {"grey": frame[..., 0], "tiny": frame[:10, :10], "not an image": b"\xff\xd8"}[bad]
    with pytest.raises(FrameUnprocessable):
        anonymiser.anonymise(broken)


def test_the_output_is_read_only_and_the_input_untouched(anonymiser):
    frame, _ = next(labelled_frames(1, 640, 480, seed=5))
    before = frame.copy()
    result = anonymiser.anonymise(frame)
    assert (frame == before).all()
    assert not result.pixels.flags.writeable
    assert (result.pixels != frame).any()


def test_cli_measure_prints_recall_and_passes(tmp_path):
    report = json.loads(ok("anonymise", "--measure", "--frames", "20", "--size", "640x480", "--json", db=None))
    assert report["frames"] == 20 and report["size"] == "640x480"
    assert report["face_recall"] >= 0.9 and report["plate_recall"] >= 0.9
    assert report["faces_found_after"] == 0


def test_cli_anonymises_images_a_user_brings(tmp_path, anonymiser):
    truths = {}
    for name, seed in (("street.png", 5), ("dashcam.jpg", 6)):
        frame, truth = next(labelled_frames(1, 1280, 720, seed=seed))
        cv2.imwrite(str(tmp_path / name), frame)
        truths[name] = truth
    out = tmp_path / "out"
    report = json.loads(
        ok(
            "anonymise",
            str(tmp_path / "street.png"),
            str(tmp_path / "dashcam.jpg"),
            "--out",
            str(out),
            "--json",
            db=None,
        )
    )
    for row in report["images"]:
        truth = truths[row["image"].rsplit("/", 1)[1]]
        for kind, boxes in (("faces", truth.faces), ("plates", truth.plates)):
            found = [Box(*b) for b in row[kind]]
            assert all(any(t.overlap(f) > 0.5 for f in found) for t in boxes), kind
        written = cv2.imread(row["out"])
        assert written.shape == (720, 1280, 3)
        assert anonymiser.find_faces(written) == []
    assert sorted(p.name for p in out.iterdir()) == ["dashcam.jpg", "street.png"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a picture", "photo.jpg", "not a readable PNG or JPEG image"),
        (b"GIF89a", "photo.gif", "only PNG and JPEG files are taken"),
        (None, "missing.png", "No such file or directory"),
    ],
)
def test_cli_refuses_an_unreadable_image_in_one_line_and_writes_nothing(tmp_path, content, name, message):
    good, _ = next(labelled_frames(1, 640, 480))
    cv2.imwrite(str(tmp_path / "good.png"), good)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    out = tmp_path / "out"
    result = ivi("anonymise", str(tmp_path / "good.png"), str(tmp_path / name), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr and name in result.stderr
    assert not out.exists()


def test_cli_will_not_overwrite_the_original(tmp_path):
    good, _ = next(labelled_frames(1, 640, 480))
    cv2.imwrite(str(tmp_path / "good.png"), good)
    result = ivi("anonymise", str(tmp_path / "good.png"), "--out", str(tmp_path))
    assert result.returncode == 1 and "would overwrite the original" in result.stderr
