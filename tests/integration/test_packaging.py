"""A wheel carries everything the head unit reads at run time."""

import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path

from ivi.paths import PACKAGE_DIR

CHECKOUT = PACKAGE_DIR.parent


def test_the_wheel_carries_locales_assets_catalog_kv_files_scenarios_and_templates(tmp_path: Path):
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-w", str(tmp_path), str(CHECKOUT)], check=True, capture_output=True)
    names = set(zipfile.ZipFile(next(tmp_path.glob("ivi-*.whl"))).namelist())
    shipped = {
        f"ivi/_data/{path.relative_to(CHECKOUT).as_posix()}"
        for folder in ("locales", "assets")
        for path in (CHECKOUT / folder).rglob("*")
        if path.is_file()
    }
    # kv files, the conformance scenarios and the report templates live beside the code
    data_files = {
        path.relative_to(CHECKOUT).as_posix()
        for pattern in ("*.kv", "conformance/*.yaml", "templates/*.html")
        for path in PACKAGE_DIR.rglob(pattern)
    }
    assert "ivi/_data/locales/zh_CN/LC_MESSAGES/ivi.po" in shipped
    assert "ivi/testing/conformance/CN-15.yaml" in data_files and "ivi/testing/templates/conformance.html" in data_files
    assert shipped | data_files | {"ivi/catalog.toml"} <= names


def test_exactly_one_opencv_build_is_installed():
    """hyperlpr2 asks for opencv-python; two builds in one environment overwrite each other's
    cv2 module, and which one wins depends on install order."""
    builds = {"opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"}
    installed = {d.metadata["Name"].lower() for d in importlib.metadata.distributions()}
    assert installed & builds == {"opencv-python"}
