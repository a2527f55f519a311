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
    SLOW_FOLD,
    SPACES_HINT,
    TRAILING_HINT,
)
from ..tables import chars
from ..tables.chars import DECIMAL, FOLD_NONE, FOLD_ODD, FOLD_ONE, LOWER_ONE, PLAIN, WHITESPACE, WORD
from ..tables.words import FNV_OFFSET, FNV_PRIME, MASK, Cues, Literals, Phrasebook, Words

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData

LANGUAGES = len(_LANGUAGE_NAMES)  # a line's stopword counts, one per language of the guess
_LANGUAGES = LANGUAGES  # the same as a C constant, for the compiled loops (see lines.pxd)
_INFO = chars.INFO
_FOLD = chars.FOLD
_LOWER = chars.LOWERCASE
_buffer = array("I", bytes(4 * 4096))  # the folded characters of the line being folded
_entries = array("i", bytes(4 * 2048))  # the word table entries of its words (-1: not in the table)
_reach = array("Q", bytes(8 * 2048))  # for rows: the rules whose phrases can spell the words before each one


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
    """The entry of the lowercased word text[begin:end], whose hash is h, or -1."""
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


def fold_pass(
    table: LineTable, start: int, stop: int, cues: Cues, literals: Literals, short: int, long_line: int
) -> None:
    """Fold lines start..stop-1 and find the rules their words and phrases are cues of (see `Cues`).

    The folded literals are searched on lines of at most `short` words and `long_line` characters (the
    pattern rules' limits).
    """
    from ..rules.folding import fold

    for i in range(start, stop):
        table.cues[i] = table.decided[i] = table.key_literals[i] = 0
        if table.blank[i]:
            table.keys[i] = ""
            table.words[i] = 0
            continue
        text = table.texts[i]
        length = _fold_line(table, i, text, True, cues)
        if length >= 0:
            key = _string(length)
        else:  # the slow path: the Python fold, its words looked up one by one
            key = fold(text)
            table.flags[i] |= SLOW_FOLD
            table.words[i] = _look_up_words(table, i, key, cues)
        table.keys[i] = key
        if table.flags[i] & GLUED:
            length = _fold_line(table, i, text, False, cues)
            if length >= 0:
                glued = _string(length)
            else:
                glued = fold(text, False)
                _look_up_words(table, i, glued, cues)
            if glued != key:
                table.glued[i] = glued
        if table.words[i] <= short and len(text) <= long_line:
            table.key_literals[i] = _key_literals(key, literals)


def _fold_line(table: LineTable, i: int, text: str, unglue: bool, cues: Cues) -> int:
    r"""Write the folded key of a line (`rules.folding.fold`) to the buffer and look its words up.

    Returns the key's length, or -1 for the slow path (nothing recorded then). Folded characters make
    words of `[\w']` characters joined by one space; a word followed by a non-word character loses one
    final apostrophe (`fold`'s `.replace("' ", " ")`). Each word is hashed as it is written and looked up
    when it ends; the unglued key's word count goes to `table.words`.
    """
    global _buffer
    n = len(text)
    if 4 * n + 8 > len(_buffer):
        _buffer = array("I", bytes(4 * (4 * n + 8)))
    _room(n + 2)
    words = cues.words
    buf = _buffer
    size = len(buf)
    length = 0
    begin = -1  # where the word being written starts (-1: between words)
    h = FNV_OFFSET
    before = FNV_OFFSET  # the word's hash without its last character (for a final apostrophe that goes)
    count = 0
    cjk = 0
    trig = 0
    previous = 0
    for char in text:
        cp = ord(char)
        glue = (
            unglue
            and (0x41 <= cp <= 0x5A or 0xC0 <= cp <= 0xDE)
            and (0x61 <= previous <= 0x7A or 0xE0 <= previous <= 0xFF)
        )
        previous = cp
        info = _INFO[cp] if cp < 0x10000 else 0
        if info == 0:
            info = _learn(cp)
        if info & FOLD_ODD:
            return -1
        if info & FOLD_NONE and not glue:
            continue
        if info & FOLD_ONE and cp < 0x10000:
            m = 1
        else:
            pieces = chars.folded(cp)
            m = len(pieces)
        if length + m + 2 >= size:
            return -1
        for k in range(-1 if glue else 0, m):
            if k < 0:
                d = 0x20  # a glue point separates words, as a space would
            elif m == 1 and info & FOLD_ONE and cp < 0x10000:
                d = _FOLD[cp]
            else:
                d = ord(pieces[k])
            if d != 0x20:
                if begin < 0:
                    if length > 0:
                        buf[length] = 0x20
                        length += 1
                    begin = length
                    h = FNV_OFFSET
                buf[length] = d
                length += 1
                before = h
                h = ((h ^ d) * FNV_PRIME) & MASK
                if d >= 0x3040 and _is_cjk(d):
                    cjk += 1
            elif begin >= 0:  # a non-word character ends the word, and a final apostrophe goes
                if buf[length - 1] == 0x27:
                    length -= 1
                    h = before
                if length > begin:
                    entry = _find(words, h or 1, begin, length)
                    if entry >= 0:
                        trig |= words.trig[entry]
                    _entries[count] = entry
                    count += 1
                else:  # the word was only an apostrophe: it goes with the space before it
                    length = begin - 1 if begin > 0 else 0
                begin = -1
    if begin >= 0:
        entry = _find(words, h or 1, begin, length)
        if entry >= 0:
            trig |= words.trig[entry]
        _entries[count] = entry
        count += 1
    if unglue:
        table.words[i] = count + cjk // 2
    _record(table, i, trig, count, cues)
    return length


def _look_up_words(table: LineTable, i: int, key: str, cues: Cues) -> int:
    """The fold pass's look-up for a key folded by Python (the slow path); returns its word count."""
    parts = key.split()
    _room(len(parts) + 2)
    trig = 0
    for k, part in enumerate(parts):
        entry = cues.words.find(part)
        if entry >= 0:
            trig |= cues.words.trig[entry]
        _entries[k] = entry
    _record(table, i, trig, len(parts), cues)
    return len(parts) + sum(1 for char in key if _is_cjk(ord(char))) // 2


def _room(size: int) -> None:
    """Make the word buffers hold at least `size` words."""
    global _entries, _reach
    if size > len(_entries):
        _entries = array("i", bytes(4 * size))
        _reach = array("Q", bytes(8 * size))


def _record(table: LineTable, i: int, trig: int, count: int, cues: Cues) -> None:
    """Or in the rules the line's words (`trig`) and phrases (its `count` words in `_entries`) are cues of."""
    book = cues.book
    contains = start = exact = 0
    for s in range(count):
        node = 0
        for k in range(s, count):
            node = book.child(node, _entries[k])
            if node < 0:
                break
            accepted = book.accepts[node]
            if accepted:
                contains |= accepted
                if s == 0:
                    start |= accepted
                    if k == count - 1:
                        exact |= accepted
    row = _rows(book, count, cues.rows) if start & cues.rows else 0
    table.cues[i] |= (
        (trig & cues.anywhere)
        | (contains & cues.contains)
        | (start & cues.starts)
        | (exact & cues.exacts)
        | (row & cues.rows)
    )
    table.decided[i] |= (
        (contains & cues.decide_contains)
        | (start & cues.decide_starts)
        | (exact & cues.decide_exacts)
        | (row & cues.decide_rows)
    )


def _rows(book: Phrasebook, count: int, rules: int) -> int:
    """The rules (of `rules`) for which the line's words are one or more of their phrases, end to end."""
    _reach[0] = rules
    for k in range(1, count + 1):
        _reach[k] = 0
    for s in range(count):
        if not _reach[s]:
            continue
        node = 0
        for k in range(s, count):
            node = book.child(node, _entries[k])
            if node < 0:
                break
            accepted = book.accepts[node] & rules
            if accepted:
                _reach[k + 1] |= _reach[s] & accepted
    return _reach[count]


def _find(words: Words, h: int, begin: int, end: int) -> int:
    """The entry of the word _buffer[begin:end], whose hash is h, or -1."""
    size = words.size
    slot = h & (size - 1)
    while words.slots[slot] >= 0:
        if words.hashes[slot] == h:
            entry = words.slots[slot]
            offset = words.offsets[entry]
            if words.offsets[entry + 1] - offset == end - begin:
                k = 0
                while k < end - begin and _buffer[begin + k] == words.text[offset + k]:
                    k += 1
                if k == end - begin:
                    return entry
        slot = (slot + 1) & (size - 1)
    return -1


def _key_literals(key: str, literals: Literals) -> int:
    found = 0
    for j, char in enumerate(key):
        cp = ord(char)
        if (
            cp < 0x10000
            and literals.starts[cp]
            and (
                literals.singles[cp]
                or (j + 1 < len(key) and literals.pairs[(cp & 0xFF) << 8 | (ord(key[j + 1]) & 0xFF)])
            )
        ):
            found |= _literals_at(literals, key, j, cp)
    return found


def _string(length: int) -> str:
    """The buffer's first `length` characters as a string."""
    if cython.compiled:
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cython.address(_buffer[0]), length)  # type: ignore[no-any-return]
    return "".join(map(chr, _buffer[:length]))
