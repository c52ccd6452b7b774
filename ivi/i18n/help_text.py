"""Text to translate that no gettext call marks: the help of the CLI's commands and options
(docstrings and `help=`). The CLI lists it; the catalog workflow extracts it. Apart from both,
so that the CLI does not load the workflow (Babel's extractors, fontTools) to print a line."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HelpText:
    """A command's or an option's help: in English as written, where it is written, and
    where it is shown ("ivi consent grant --duration"), for the translator."""

    english: str
    file: Path
    line: int
    shown_in: str
