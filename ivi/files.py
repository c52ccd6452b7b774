"""Files ivi is given to read (a database, an image, a scenario, annotations) must be regular
files: a FIFO blocks whoever opens it until another program writes to it, and a device may
never end. Each reader asks here first and refuses the rest in one line."""

import stat
from pathlib import Path

from ivi.core.text import Text

NOT_A_FILE = Text("it is not a regular file (a pipe, a socket or a device)")


def is_special(path: Path) -> bool:
    """True if `path` is there and is neither a regular file nor a folder."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False  # missing, or unreadable: the reader says why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
