"""Where a line of Chinese may break (kinsoku shori, as GB/T 15834 and W3C's clreq describe it):
never before closing punctuation, never after opening punctuation, never between a number and
the measure word or unit after it. Kivy wraps text that has no spaces at any character, so
labels that wrap Chinese break it here first, and Kivy only ever sees lines that fit.

Pure: `measure` gives the drawn width of a string in the label's font.
"""

import re
from collections.abc import Callable
from itertools import pairwise

CLOSING = set("，。、；：？！）」』》〉】〕’”…—%％·,.;:?!)]}")
OPENING = set("（「『《〈【〔‘“([{")
HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# A number, then (perhaps a space and) the measure word or unit that belongs to it.
NUMBER_WITH_UNIT = re.compile(r"\d[\d.,]*\s?(?:[\u4e00-\u9fff]|km/h|kB|%)")
LATIN = re.compile(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+")  # a word and its space, or spaces


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def _atoms(paragraph: str) -> list[str]:
    """The pieces a line is built of: a Han character or punctuation mark with what may not
    be parted from it, or a run of Latin text up to and with its following space."""
    atoms: list[str] = []
    i = 0
    while i < len(paragraph):
        if match := NUMBER_WITH_UNIT.match(paragraph, i):
            atom, i = match.group(0), match.end()
        elif HAN.match(paragraph[i]) or paragraph[i] in CLOSING or paragraph[i] in OPENING:
            atom, i = paragraph[i], i + 1
        else:
            match = LATIN.match(paragraph, i)
            atom, i = match.group(0), match.end()
        if atoms and (atom[0] in CLOSING or atoms[-1][-1] in OPENING):
            atoms[-1] += atom  # not to be parted from what comes before
        else:
            atoms.append(atom)
    return atoms


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> str:
    """The text with a newline wherever it must wrap to fit `width`, only where it may."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for atom in _atoms(paragraph):
            if line and measure((line + atom).rstrip()) > width:
                lines.append(line.rstrip())
                line = atom.lstrip()
            else:
                line += atom
        lines.append(line.rstrip())
    return "\n".join(lines)


def bad_line_starts(lines: list[str]) -> list[str]:
    """Lines of a wrapped text that break a rule: they start with closing punctuation, or
    the line before ends with opening punctuation or a number whose unit starts this one."""
    bad = []
    for before, line in pairwise(lines):
        if not line or not before:
            continue
        if line[0] in CLOSING or before[-1] in OPENING or NUMBER_WITH_UNIT.match(before[-1] + line[:4]):
            bad.append(line)
    return bad
