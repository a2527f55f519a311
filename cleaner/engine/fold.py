# cython: annotation_typing=False, wraparound=False, boundscheck=False
"""The fold pass: each line's folded key (what phrases are matched on) and the line rules its words cue.

The key is `rules.folding.fold` of the line, written character by character into a buffer; each word is
hashed as it is written and looked up in the document language's word table when it ends, and the words
found are walked through the phrasebook: which phrase rules a line could match, at its start, as a whole,
as a row of phrases or anywhere, and which phrases are the match itself. Compiled with `fold.pxd` (see
`lines.py` for the raw pass and the table it fills).
"""

from __future__ import annotations

from array import array

from ..rules.views import GLUED, SLOW_FOLD
from ..tables import chars
from ..tables.chars import FOLD_NONE, FOLD_ODD, FOLD_ONE
from ..tables.words import FNV_OFFSET, FNV_PRIME, MASK, Cues, Literals, Phrasebook, Words
from .lines import LineTable

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData
else:  # compiled, these are C functions of lines.py (cimported by fold.pxd)
    from .lines import _is_cjk, _learn, _literals_at

_INFO = chars.INFO
_FOLD = chars.FOLD
_buffer = array("I", bytes(4 * 4096))  # the folded characters of the line being folded
_entries = array("i", bytes(4 * 2048))  # the word table entries of its words (-1: not in the table)
_reach = array("Q", bytes(8 * 2048))  # for rows: the rules whose phrases can spell the words before each one


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
    """The entry of the word _buffer[begin:end], whose hash is h, or -1.

    The probe is `Words.find`'s over the folded code points; engine.lines has its twin over a line's own
    characters, lowered as compared (no copy of the word): one loop each, the comparison inlined in C.
    """
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
