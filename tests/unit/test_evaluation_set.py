"""The second evaluation set's recipe and its labels agree (the photos come from the registry at
measuring time: evaluation/build.py; CI measures them)."""

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def recipe():
    spec = importlib.util.spec_from_file_location("build", ROOT / "evaluation" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labels() -> tuple[dict[str, int], dict[int, list[tuple[int, list[int]]]]]:
    data = json.loads((ROOT / "evaluation" / "annotations.json").read_text())
    images = {image["file_name"]: image["id"] for image in data["images"]}
    boxes: dict[int, list[tuple[int, list[int]]]] = {}
    for label in data["annotations"]:
        boxes.setdefault(label["image_id"], []).append((label["category_id"], label["bbox"]))
    return images, boxes


def test_every_labelled_photo_is_one_the_recipe_makes_and_every_source_is_pinned_and_checked():
    build = recipe()
    made = {name for members in build.SOURCES.values() for name, _sha in members.values()}
    made |= {name for _sha, members in build.SDISTS.values() for name, _ in members.values()}
    made |= {f"far/{Path(name).stem}_{d}.png" for name, divisors in build.FAR.items() for d in divisors}
    images, _ = labels()
    assert set(images) == made
    for spec, members in build.SOURCES.items():
        assert re.fullmatch(r"[a-z-]+==[0-9.]+", spec)
        assert all(re.fullmatch(r"[0-9a-f]{64}", sha) for _name, sha in members.values())
    for url, (sha, members) in build.SDISTS.items():
        assert url.startswith("https://files.pythonhosted.org/") and re.fullmatch(r"[0-9a-f]{64}", sha)
        assert all(re.fullmatch(r"[0-9a-f]{64}", sha) for _name, sha in members.values())


def test_the_far_photos_carry_their_sources_labels_scaled_down_and_none_too_small():
    build = recipe()
    images, boxes = labels()
    big_enough = {1: lambda box: box[3] >= 24, 2: lambda box: box[2] >= 60}  # a face's height, a plate's width
    for name, divisors in build.FAR.items():
        for divisor in divisors:
            far = boxes.get(images[f"far/{Path(name).stem}_{divisor}.png"], [])
            for kind, keep in big_enough.items():
                scaled = [[round(v / divisor) for v in box] for k, box in boxes[images[name]] if k == kind]
                assert [box for k, box in far if k == kind] == [box for box in scaled if keep(box)]


def test_the_set_has_faces_of_every_height_band_plates_and_photos_with_no_one():
    images, boxes = labels()
    heights = [box[3] for found in boxes.values() for kind, box in found if kind == 1]
    assert all(any(low <= h < high for h in heights) for low, high in ((24, 32), (32, 64), (64, 10_000)))
    assert sum(kind == 2 for found in boxes.values() for kind, _ in found) >= 2
    assert sum(name.startswith("no-one/") and images[name] not in boxes for name in images) >= 5
