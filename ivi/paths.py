"""Where ivi's data folders are: inside the installed package, or at the top of a checkout."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`locales` or `assets`: copied into ivi/_data/ in a wheel, beside ivi/ in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


CATALOG_FILE = PACKAGE_DIR / "catalog.toml"
LOCALES_DIR = data_dir("locales")
ASSETS_DIR = data_dir("assets")
