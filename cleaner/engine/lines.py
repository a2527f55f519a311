# cython: annotation_typing=False, wraparound=False, boundscheck=False
"""The line table: what the rules read of each line of a document, computed in two compiled passes.

The raw pass reads each line's own characters: blank or not, words, a sentence end, the menu-label shape
NV022 asks about, whether a typography repair may apply, the words the language guess counts, and which
literals of the pattern rules' prefilters it holds. The fold pass writes each line's folded key (what
phrases are matched on), counts its words and looks each word up in the document language's word table:
which phrase rules a line could match, at its start, its end or anywhere. Rules then run only where these
say they can match (`cleaner.engine.candidates`).

Written in Cython's pure-Python mode: `lines.pxd` gives the C types; built with a C compiler the module
runs compiled, and otherwise as this Python source (much slower, same results). Every value equals what
the Python helpers compute line by line (`rules.folding.fold`, `count_words`, `is_prose`, `lang.count`,
the typography hints): tests/test_lines.py checks both forms against them.
"""

from __future__ import annotations

from array import array

from ..lang import LANGUAGES as _LANGUAGE_NAMES
from ..rules.views import (
    APOSTROPHE,
    COLON,
    CURLY_APOSTROPHE,
    ELLIPSIS_HINT,
    GLUED,
    INVISIBLE_HINT,
    MENU_EMPTY,
    MENU_ITEM,
    MOJIBAKE_HINT,
    NBSP_HINT,
    QUOTES_HINT,
    SENTENCE,
    SPACES_HINT,
    TRAILING_HINT,
)
from ..tables import chars
from ..tables.chars import DECIMAL, LOWER_ONE, PLAIN, WHITESPACE, WORD
from ..tables.words import FNV_OFFSET, FNV_PRIME, MASK, Literals, Words

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

LANGUAGES = len(_LANGUAGE_NAMES)  # a line's stopword counts, one per language of the guess
_LANGUAGES = LANGUAGES  # the same as a C constant, for the compiled loops (see lines.pxd)
_INFO = chars.INFO
_LOWER = chars.LOWERCASE


@cython.cclass
class LineTable:
    """A document's lines and, per line, what the passes computed (arrays indexed by line)."""

    def __init__(self, texts: list[str]) -> None:
        n = len(texts)
        self.n = n
        self.texts = texts
        self.keys: list[str] = [""] * n
        self.glued: dict[int, str] = {}  # the key without unglueing, for GLUED lines
        self.blank = array("B", bytes(n))
        self.twords = array("i", bytes(4 * n))  # count_words of the text
        self.words = array("i", bytes(4 * n))  # count_words of the key
        self.flags = array("I", bytes(4 * n))
        self.langs = array("I", bytes(4 * n * _LANGUAGES))  # each language's stopwords in the line
        self.literals = array("Q", bytes(8 * n))  # bits of the raw-text literals found
        self.last = array("I", bytes(4 * n))  # the last character but white space
        self.key_literals = array("Q", bytes(8 * n))  # bits of the folded literals found
        self.cues = array("Q", bytes(8 * n))  # rules whose words or phrases the line holds where they must sit
        self.decided = array("Q", bytes(8 * n))  # rules whose phrase found is the match itself (see `Where`)


# ---------------------------------------------------------------- characters


def _info(cp: int) -> int:
    """A character's INFO bits (learned on first sight)."""
    if cp < 0x10000 and _INFO[cp]:
        return _INFO[cp]
    return _learn(cp)


def _learn(cp: int) -> int:
    return chars.learn(cp) if cp < 0x10000 else chars.other(cp)[0]


def _lower(cp: int) -> int:
    """The lowercase of a character whose lowercase is one character (LOWER_ONE)."""
    if cp < 0x10000:
        return _LOWER[cp]
    return ord(chars.other(cp)[2])


def _is_closer_end(cp: int) -> bool:  # what may follow a sentence end before the end of a line
    return cp in (0x22, 0x27, 0xBB, 0x201D, 0x201C, 0x29, 0x5D, 0x300D, 0x300F)


def _is_closer_inside(cp: int) -> bool:  # what may follow a sentence end before a space inside a line
    return cp in (0x22, 0x27, 0xBB, 0x201D, 0x29)


def _is_sentence_end(cp: int) -> bool:
    return cp in (0x2E, 0x21, 0x3F, 0x2026, 0x3A, 0x3B, 0x3002, 0xFF01, 0xFF1F, 0xFF1B)


def _is_label_end(cp: int) -> bool:  # menus.LABEL_END's class
    return cp in (0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x2C, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0xFF0C)


def _is_cjk(cp: int) -> bool:  # rules.folding's unspaced scripts, two characters to a word
    return 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF


def _is_marker(cp: int) -> bool:  # menus._LIST_MARKER's bullets
    return cp in (0x2A, 0x2B, 0x6F, 0x2022, 0xB7, 0x2023, 0x25E6, 0x2D)


def _is_nbsp(cp: int) -> bool:
    return cp == 0xA0 or cp == 0x202F


def _is_spacing(cp: int) -> bool:  # the characters TY005 collapses
    return cp == 0x20 or cp == 0xA0 or cp == 0x202F


# ---------------------------------------------------------------- the raw pass


def raw_pass(
    table: LineTable, start: int, stop: int, literals: Literals, stopwords: Words, long_line: int, languages: bool
) -> None:
    """Fill the raw-text values of lines start..stop-1 (their language counts too, when `languages`)."""
    texts = table.texts
    blank = table.blank
    twords = table.twords
    flags = table.flags
    found = table.literals
    for i in range(start, stop):
        text = texts[i]
        n = len(text)
        flag = 0
        words = 0
        cjk = 0
        inside = False  # inside a run of non-space characters
        empty = True
        # the language guess's words: runs of letters (`[^\W\d_]+`), lowercased and hashed as they go
        word_start = -1
        h = FNV_OFFSET
        odd = False
        hits = 0
        previous = 0
        previous_space = True
        decimals = 0  # digits (`\\d`): a menu label has none
        stops = False  # a CJK full stop: a menu label has none
        for j, char in enumerate(text):
            cp = ord(char)
            info = _INFO[cp] if cp < 0x10000 else 0
            if info == 0:
                info = _learn(cp)
            if info & WHITESPACE:
                if cp == 0x20 and not previous_space and j + 1 < n and _is_spacing(ord(text[j + 1])):
                    flag |= SPACES_HINT  # two spaces after a word
                inside = False
            elif not inside:
                words += 1
                inside = True
                empty = False
            if languages:
                if info & WORD and not info & DECIMAL:
                    if word_start < 0:
                        word_start = j
                        h = FNV_OFFSET
                        odd = False
                    if info & LOWER_ONE:
                        h = ((h ^ (_LOWER[cp] if cp < 0x10000 else _lower(cp))) * FNV_PRIME) & MASK
                    else:
                        odd = True
                elif word_start >= 0:
                    _count_word(table, i, text, word_start, j, h, odd, stopwords)
                    word_start = -1
            if info & DECIMAL:
                decimals += 1
            if not info & PLAIN:
                flag |= _special(text, j, n, cp, previous, previous_space)
                if cp >= 0x3040:
                    if _is_cjk(cp):
                        cjk += 1
                    elif cp == 0x3002 or cp == 0xFF01 or cp == 0xFF1F:
                        stops = True
            if (
                cp < 0x10000
                and literals.starts[cp]
                and n <= long_line
                and (
                    literals.singles[cp] or (j + 1 < n and literals.pairs[(cp & 0xFF) << 8 | (ord(text[j + 1]) & 0xFF)])
                )
            ):
                hits |= _literals_at(literals, text, j, cp)
            previous_space = info & WHITESPACE != 0
            previous = cp
        if languages and word_start >= 0:
            _count_word(table, i, text, word_start, n, h, odd, stopwords)
        if n and (text[n - 1] in " \t" or _is_nbsp(ord(text[n - 1]))):
            flag |= TRAILING_HINT
        blank[i] = 1 if empty else 0
        twords[i] = words + cjk // 2
        found[i] = hits
        flags[i] = flag | _sentence_at_end(table, i, text, n) | _menu_shape(text, n, words, cjk, decimals, stops)


def _special(text: str, j: int, n: int, cp: int, previous: int, previous_space: bool) -> int:
    """The flags a character other than a small letter, a digit or a space gives its line."""
    flag = 0
    if cp == 0x2E or cp == 0x21 or cp == 0x3F:  # a sentence end inside the line: ". ", closers between
        k = j + 1
        while k < n and _is_closer_inside(ord(text[k])):
            k += 1
        if k < n and _info(ord(text[k])) & WHITESPACE:
            flag |= SENTENCE
    elif cp == 0x3002 or cp == 0xFF01 or cp == 0xFF1F:  # a CJK full stop
        flag |= SENTENCE
    # typography hints (each a superset: a repair whose own pre-check does not match leaves the line alone)
    if cp >= 0x80:
        if (
            cp <= 0x9F
            or 0xD800 <= cp <= 0xDFFF
            or (0xC2 <= cp <= 0xF4 and j + 1 < n and _is_mojibake_second(ord(text[j + 1])))
        ):
            flag |= MOJIBAKE_HINT
        elif 0x200B <= cp <= 0x200D or cp == 0x2060 or cp == 0xFEFF:
            flag |= INVISIBLE_HINT
        elif cp == 0x2026:
            flag |= ELLIPSIS_HINT
        elif _is_nbsp(cp):
            flag |= NBSP_HINT
        elif cp == 0x2019:
            flag |= CURLY_APOSTROPHE
    elif (cp < 0x20 and cp != 0x09) or cp == 0x7F:
        flag |= INVISIBLE_HINT
    elif cp == 0x26 and _entity_at(text, j + 1, n):
        flag |= MOJIBAKE_HINT
    elif cp == 0x27:
        flag |= APOSTROPHE
    elif cp == 0x3A:
        flag |= COLON
    if (0x41 <= cp <= 0x5A or 0xC0 <= cp <= 0xDE) and (0x61 <= previous <= 0x7A or 0xE0 <= previous <= 0xFF):
        flag |= GLUED
    if j + 1 < n:
        following = ord(text[j + 1])
        if (cp == 0x5F or cp == 0x2A) and following in (0x201C, 0xAB, 0x22, 0x201E, 0x2018):
            flag |= QUOTES_HINT  # emphasis hugging an opening quote
        elif cp in (0x201D, 0xBB, 0x22, 0x201C, 0x2019) and (following == 0x5F or following == 0x2A):
            flag |= QUOTES_HINT  # a closing quote hugged by emphasis
        elif _is_nbsp(cp) and not previous_space and _is_spacing(following):
            flag |= SPACES_HINT  # doubled spaces after a word
    return flag


def _is_mojibake_second(cp: int) -> bool:
    """A character that follows a lead byte's character in UTF-8 read as Latin-1 or Windows-1252."""
    return (
        0x80 <= cp <= 0xBF
        or cp in (0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192, 0x2C6, 0x2DC, 0x20AC, 0x2122)
        or 0x2013 <= cp <= 0x203A
    )


def _entity_at(text: str, j: int, n: int) -> bool:
    """Whether an HTML entity's name or number and its ";" start at j ("amp;", "#233;", "#xE9;")."""
    k = j
    if k < n and text[k] == "#":
        k += 1
        hexadecimal = k < n and text[k] == "x"
        k += hexadecimal
        start = k
        while k < n and k - start < 6 and (text[k] in "0123456789" or (hexadecimal and text[k] in "abcdefABCDEF")):
            k += 1
        digits = k - start
        return k < n and text[k] == ";" and (2 <= digits <= 5 if hexadecimal else 2 <= digits <= 6)
    start = k
    while k < n and k - start < 9 and ("a" <= text[k] <= "z" or "A" <= text[k] <= "Z"):
        k += 1
    return k < n and text[k] == ";" and 2 <= k - start <= 8


def _count_word(table: LineTable, i: int, text: str, start: int, end: int, h: int, odd: bool, stopwords: Words) -> None:
    """Count a word of the language guess (`lang.count`) if it is some language's stopword."""
    # a letter whose lowercase is several characters: the word lowered as `lang.count` lowers it
    entry = stopwords.find(text[start:end].lower()) if odd else _find_lowered(stopwords, h or 1, text, start, end)
    if entry >= 0:
        table.langs[i * _LANGUAGES + stopwords.bits[entry]] += 1


def _find_lowered(words: Words, h: int, text: str, begin: int, end: int) -> int:
    """The entry of the lowercased word text[begin:end], whose hash is h, or -1 (see engine.fold._find)."""
    size = words.size
    slot = h & (size - 1)
    while words.slots[slot] >= 0:
        if words.hashes[slot] == h:
            entry = words.slots[slot]
            offset = words.offsets[entry]
            if words.offsets[entry + 1] - offset == end - begin:
                k = 0
                while k < end - begin:
                    if _lower(ord(text[begin + k])) != words.text[offset + k]:
                        break
                    k += 1
                if k == end - begin:
                    return entry
        slot = (slot + 1) & (size - 1)
    return -1


def _literals_at(literals: Literals, text: str, j: int, cp: int) -> int:
    """The bits of the literals that start at position j of the text (their first character, cp, is there)."""
    found = 0
    n = len(text)
    e = literals.starts[cp] - 1
    while e < len(literals.masks) and literals.first[e] == cp:
        second = literals.second[e]
        if second == 0:
            found |= literals.masks[e]
        elif j + 1 < n and ord(text[j + 1]) == second:
            begin = literals.offsets[e]
            length = literals.offsets[e + 1] - begin
            if j + length <= n:
                k = 2
                while k < length and ord(text[j + k]) == literals.text[begin + k]:
                    k += 1
                if k == length:
                    found |= literals.masks[e]
        e += 1
    return found


def _sentence_at_end(table: LineTable, i: int, text: str, n: int) -> int:
    """SENTENCE when the line ends like a sentence: an end mark, then closing quotes, then spaces.

    Records the line's last character other than white space on the way (`table.last`, 0 for none).
    """
    j = n - 1
    while j >= 0 and _info(ord(text[j])) & WHITESPACE:
        j -= 1
    table.last[i] = ord(text[j]) if j >= 0 else 0
    while j >= 0 and _is_closer_end(ord(text[j])):
        j -= 1
    return SENTENCE if j >= 0 and _is_sentence_end(ord(text[j])) else 0


def _menu_shape(text: str, n: int, words: int, cjk: int, decimals: int, stops: bool) -> int:
    """MENU_ITEM or MENU_EMPTY as NV022 reads the line (`rules.menus._menu_item`), else 0.

    `words`, `cjk`, `decimals` and `stops` are the line's counts: a list marker ("*", "-", "1.", "12)")
    followed by spaces or the end is a word of its own, so the label's counts are the line's without it.
    """
    i = 0
    while i < n and _info(ord(text[i])) & WHITESPACE:
        i += 1
    end = -1
    digits = 0
    if i < n:
        cp = ord(text[i])
        if _is_marker(cp):
            end = i + 1
        elif _info(cp) & DECIMAL:
            if i + 2 < n and _info(ord(text[i + 1])) & DECIMAL and ord(text[i + 2]) in (0x2E, 0x29):
                end, digits = i + 3, 2
            elif i + 1 < n and ord(text[i + 1]) in (0x2E, 0x29):
                end, digits = i + 2, 1
        if end > 0 and end < n and not _info(ord(text[end])) & WHITESPACE:
            end, digits = -1, 0
    label = words - 1 if end > 0 else words
    if label == 0:
        return MENU_EMPTY
    stop = n
    while stop > 0 and _info(ord(text[stop - 1])) & WHITESPACE:
        stop -= 1
    if stops or decimals > digits or _is_label_end(ord(text[stop - 1])):
        return 0
    return MENU_ITEM if label + cjk // 2 <= 4 else 0


# ---------------------------------------------------------------- the fold pass
