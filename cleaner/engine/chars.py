"""What the line passes need to know of each character, looked up once per character and kept in tables.

The compiled passes (`cleaner.engine.lines`) read a character's properties from flat arrays indexed by
code point, filled here the first time a character is met: Python's own answers (`str.isspace`,
`str.isalnum`, `str.casefold`, `unicodedata.normalize`, ...) computed once per character rather than once
per occurrence. So the passes give what the Python helpers give, character for character, by construction.
"""

from __future__ import annotations

import unicodedata
from array import array

from ..rules.folding import fold_letters

# Bits of a character's entry in INFO.
KNOWN = 1  # the entry is filled
SPACE = 2  # str.isspace: what str.split(), str.strip() and `\s` treat as white space
WORD = 4  # str.isalnum: with "_", what `\w` matches
DECIMAL = 8  # str.isdecimal: what `\d` matches
FOLD_ONE = 16  # the folded form is the single character FOLD[cp]
FOLD_NONE = 32  # the folded form is empty (a combining accent)
FOLD_MANY = 64  # the folded form is several characters ("ß": "ss"), see `many`
FOLD_ODD = 128  # a mark NFKD may reorder: a line holding one is folded by `rules.folding.fold` itself
LOWER_ONE = 256  # str.lower gives the single character LOWER[cp] (else several: the word is lowered in Python)
PLAIN = 512  # an ASCII small letter, digit or space: the raw pass's checks for punctuation and marks skip it
CLASS_SHIFT = 12  # four bits: the character's class for the line-quality statistics (cleaner.lq.text)

PLANE = 0x10000  # the tables cover the Basic Multilingual Plane; other characters are described on each use
INFO = array("I", bytes(4 * PLANE))
FOLD = array("I", bytes(4 * PLANE))
LOWER = array("I", bytes(4 * PLANE))
_OTHER_PLANES: dict[int, tuple[int, str, str]] = {}
_MANY: dict[int, str] = {}

# Marks NFKD leaves that the fold does not strip: NFKD puts a run of them in canonical order, which a
# character-by-character fold cannot do, so a line holding one is folded by `rules.folding.fold` itself.
_STRIPPED = ((0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


def _stripped(char: str) -> bool:
    cp = ord(char)
    return any(low <= cp <= high for low, high in _STRIPPED)


def describe(cp: int) -> tuple[int, str, str]:
    """A character's INFO bits, its folded form (non-word characters as spaces) and its lowercase form."""
    from ..lq.text import char_class  # the statistics' classes are defined with them

    char = chr(cp)
    info = KNOWN | (char_class(cp) << CLASS_SHIFT)
    if char.isspace():
        info |= SPACE
    if char.isalnum():
        info |= WORD
    if char.isdecimal():
        info |= DECIMAL
    if char.isascii() and (char.islower() or char.isdigit() or char == " "):
        info |= PLAIN
    letters = fold_letters(char)
    if not char.isascii() and any(
        unicodedata.combining(d) and not _stripped(d) for d in unicodedata.normalize("NFKD", char.casefold())
    ):
        info |= FOLD_ODD
    folded = "".join(d if d == "'" or d == "_" or d.isalnum() else " " for d in letters)
    if not folded:
        info |= FOLD_NONE
    elif len(folded) == 1:
        info |= FOLD_ONE
    else:
        info |= FOLD_MANY
    lower = char.lower()
    if len(lower) == 1:
        info |= LOWER_ONE
    return info, folded, lower


def learn(cp: int) -> int:
    """Fill a character's entries (the first time it is met) and return its INFO bits."""
    if cp >= PLANE:
        return other(cp)[0]
    info, folded, lower = describe(cp)
    FOLD[cp] = ord(folded) if info & FOLD_ONE else 0
    LOWER[cp] = ord(lower) if info & LOWER_ONE else 0
    if info & FOLD_MANY:
        _MANY[cp] = folded
    INFO[cp] = info
    return info


def folded(cp: int) -> str:
    """A character's folded form, non-word characters as spaces (the tables' FOLD covers single characters)."""
    if cp >= PLANE:
        return other(cp)[1]
    info = INFO[cp] or learn(cp)
    return chr(FOLD[cp]) if info & FOLD_ONE else _MANY.get(cp, "")


def other(cp: int) -> tuple[int, str, str]:
    """The description of a character outside the tables (emoji, historic scripts), kept in a dictionary."""
    found = _OTHER_PLANES.get(cp)
    if found is None:
        found = _OTHER_PLANES[cp] = describe(cp)
    return found


for _cp in range(128):  # ASCII is met at once by every document
    learn(_cp)
