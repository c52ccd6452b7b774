"""The exterior anonymiser (CN-03) on street frames with real faces of many people and
rendered plates of every kind, by day and night, still and blurred."""

import json
import random

import cv2
import numpy as np
import pytest
from helpers import ivi, ok

from ivi.bus.anonymiser import MARGIN, Anonymiser, FrameUnprocessable
from ivi.bus.boxes import Box
from ivi.bus.passersby import SKIN_TONES, Faces, Passerby
from ivi.bus.plate_images import PLATE_KINDS, plate_text
from ivi.bus.recall import CAAM_RECALL, HIDDEN, labelled_frames, measure
from ivi.bus.street_scene import Layout, ParkedCar, StreetScene


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser()


@pytest.mark.parametrize("size", [(1280, 720), (640, 480)])
def test_cn03_recall_meets_the_caam_test_and_no_face_is_found_afterwards(anonymiser, size):
    report = measure(anonymiser.anonymise, anonymiser.find_faces, labelled_frames(30, *size, seed=99))
    assert report.faces >= 40 and report.plates > 10  # the set has enough of both to mean something
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
    assert frame[plate.y : plate.y + plate.h, plate.x : plate.x + plate.w].std() > 30  # characters on a plate


def test_the_scenes_show_many_people_every_plate_kind_by_night_and_blurred():
    scene, rng = StreetScene(), random.Random(11)
    layouts = [scene.layout(rng) for _ in range(300)]
    people = [p for layout in layouts for p in layout.people]
    assert len({p.identity for p in people}) > 80 and {p.tone for p in people} == set(range(len(SKIN_TONES)))
    assert {c.kind for layout in layouts for c in layout.cars} == {k.name for k in PLATE_KINDS}
    assert 0.15 < sum(layout.night for layout in layouts) / len(layouts) < 0.35
    assert 0.15 < sum(layout.blur > 0 for layout in layouts) / len(layouts) < 0.35


def test_the_hundred_lfw_faces_are_a_hundred_people():
    faces = Faces()._lfw
    assert faces.shape == (100, 25, 25)
    assert len({face.tobytes() for face in faces}) == 100


def hidden(found: tuple[Box, ...], truth: Box) -> bool:
    return any(truth.covered_by(box.grown(MARGIN, 1280, 720)) >= HIDDEN for box in found)


CONDITIONS = {  # (night, blur, turn)
    "day, straight": (False, 0, 0.0),
    "day, turned away": (False, 0, 0.3),
    "night, blurred, turned": (True, 4, -0.3),
}


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("kind", PLATE_KINDS, ids=lambda k: k.name)
def test_every_kind_of_plate_is_hidden(anonymiser, kind, condition):
    night, blur, turn = CONDITIONS[condition]
    rng = random.Random(kind.name)
    cars = (
        ParkedCar(300, 420, 180, kind.name, plate_text(kind, rng), (90, 90, 95), turn),
        ParkedCar(900, 520, 110, kind.name, plate_text(kind, rng), (200, 200, 205), -turn),
    )
    frame, truth = StreetScene().render(Layout(0, (), cars, night, blur, 1))
    result = anonymiser.anonymise(frame)
    assert all(hidden(result.plates, plate) for plate in truth.plates)


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
@pytest.mark.parametrize("tone", range(len(SKIN_TONES)))
def test_faces_of_every_skin_tone_are_hidden(anonymiser, tone, night):
    people = tuple(
        Passerby(80 + 300 * n, 200 + 40 * n, width, identity, tone, n % 2 == 1, 1.0)
        for n, (width, identity) in enumerate([(28, 0), (40, 17 + tone), (64, 51 + tone), (110, 88 + tone)])
    )
    frame, truth = StreetScene().render(Layout(1, people, (), night, 0, 2))
    result = anonymiser.anonymise(frame)
    assert all(hidden(result.faces, face) for face in truth.faces)
    assert anonymiser.find_faces(np.array(result.pixels)) == []


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
            assert all(hidden(tuple(Box(*b) for b in row[kind]), t) for t in boxes), kind
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
