"""Where ivi's data folders are: inside the installed package, or at the top of a checkout;
and where the models and data that other installed packages carry lie."""

from importlib.util import find_spec
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`locales` or `assets`: copied into ivi/_data/ in a wheel, beside ivi/ in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


CATALOG_FILE = PACKAGE_DIR / "catalog.toml"
LOCALES_DIR = data_dir("locales")
ASSETS_DIR = data_dir("assets")


def package_folder(package: str) -> Path:
    """The folder of an installed package, found without importing it: ivi reads only its
    files (models, data), and some of these packages import more than ivi needs."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(spec.submodule_search_locations[0])
