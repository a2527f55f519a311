"""Characters: how folding and the line-quality classes read them, looked up once each and kept in tables.

The compiled passes (`cleaner.engine.lines`) read a character's properties from flat arrays indexed by
code point, filled here the first time a character is met: Python's own answers (`str.isspace`,
`str.isalnum`, `str.casefold`, `unicodedata.normalize`, ...) computed once per character rather than once
per occurrence. So the passes give what the Python helpers give, character for character, by construction.
"""

from __future__ import annotations

import re
import unicodedata
from array import array

_APOSTROPHE_VARIANTS = ("’", "‘", "ʼ", "`", "´")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # accents after NFKD


def fold_letters(text: str) -> str:
    """Casefolded, apostrophes unified and accents stripped.

    str.translate with a mapping cost 0.6 s on the dev pages where five replaces cost 3 ms.
    """
    text = text.casefold()
    for apostrophe in _APOSTROPHE_VARIANTS:
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text


# Exclusive character classes, one per code point (a code point over U+FFFF counts as OTHER). Apostrophes
# are OTHER and count as nothing: the engine unifies ' and ’ after the rules, and a second run must read
# the same statistics (idempotence).
(OTHER, LOWER, UPPER, DIGIT, SPACE, END, COMMA, COLON, SEP, SLASH, AT, QUOTE, BULLET, SYMBOL, GUILLEMET, DOT) = range(
    16
)
CLASS_NAMES = ("other", "lower", "upper", "digit", "space", "end", "comma", "colon", "sep", "slash", "at", "quote",
               "bullet", "symbol", "guillemet", "dot")  # fmt: skip
_CHARS = (
    (".!?…。！？", END), (",;、，；", COMMA), (":：", COLON), ("|›‹>\\–—~¦", SEP), ("/", SLASH), ("@", AT),
    ("\"“”„‟()[]{}「」『』", QUOTE), ("*•‣◦▪►▸-+", BULLET), ("©®™#%&$€£¥=_^§°", SYMBOL), ("«»", GUILLEMET),
    ("·", DOT), ("'’‘ʼ`´", OTHER),
)  # fmt: skip

_SPECIAL = {ord(char): cls for chars, cls in _CHARS for char in chars}


def char_class(cp: int) -> int:
    """The class of a code point (an index of CLASS_NAMES); one over U+FFFF is OTHER."""
    special = _SPECIAL.get(cp)
    if special is not None:
        return special
    if 0x3000 <= cp < 0xD800 or 0xF900 <= cp < 0xFB00:
        return LOWER  # CJK ideographs, kana and hangul: letters without case
    if cp < 0x3000:
        char = chr(cp)
        if char.isalpha():
            return UPPER if char.isupper() else LOWER
        if char.isdigit():
            return DIGIT
        if char.isspace():
            return SPACE
    return OTHER


# Bits of a character's entry in INFO.
KNOWN = 1  # the entry is filled
WHITESPACE = 2  # str.isspace: what str.split(), str.strip() and `\s` treat as white space
WORD = 4  # str.isalnum: with "_", what `\w` matches
DECIMAL = 8  # str.isdecimal: what `\d` matches
FOLD_ONE = 16  # the folded form is the single character FOLD[cp]
FOLD_NONE = 32  # the folded form is empty (a combining accent)
FOLD_MANY = 64  # the folded form is several characters ("ß": "ss"), see `many`
FOLD_ODD = 128  # a mark NFKD may reorder: a line holding one is folded by `rules.folding.fold` itself
LOWER_ONE = 256  # str.lower gives the single character LOWERCASE[cp] (else several: the word is lowered in Python)
PLAIN = 512  # an ASCII small letter, digit or space: the raw pass's checks for punctuation and marks skip it
CLASS_SHIFT = 12  # four bits: the character's class for the line-quality statistics (`char_class`)

PLANE = 0x10000  # the tables cover the Basic Multilingual Plane; other characters are described on each use
INFO = array("I", bytes(4 * PLANE))
FOLD = array("I", bytes(4 * PLANE))
LOWERCASE = array("I", bytes(4 * PLANE))
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
    char = chr(cp)
    info = KNOWN | (char_class(cp) << CLASS_SHIFT)
    if char.isspace():
        info |= WHITESPACE
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
    LOWERCASE[cp] = ord(lower) if info & LOWER_ONE else 0
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
