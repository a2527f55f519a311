# cython: annotation_typing=False
"""Word tables the compiled passes look words up in: hashed, open addressing, entries compared in full on a hit.

A table maps a word (a folded token, or a lowercased one for the language guess) to an entry with four
numbers: the rules it triggers anywhere in a line, those a line must start with it for, those a line must
end with it for, and a small set of bits (a stopword's language, the model's stopword and cue families).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from . import _purepython as cython

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = 0xFFFFFFFFFFFFFFFF


_GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / the golden ratio (Knuth's multiplicative hashing)
_OFFSET, _PRIME, _MASK = FNV_OFFSET, FNV_PRIME, MASK  # C copies for the compiled code (see words.pxd)


def word_hash(word: str) -> int:
    """FNV-1a over the code points, never 0 (0 marks an empty slot); the compiled passes compute the same."""
    h = _OFFSET
    for char in word:
        h = ((h ^ ord(char)) * _PRIME) & _MASK
    return h or 1


@cython.cclass
class Words:
    """A frozen word table: `slots` of hashes and entry numbers, and each entry's text and numbers."""

    def __init__(self, entries: Iterable[tuple[str, int, int, int, int]]) -> None:
        """Build from (word, triggers, firsts, lasts, bits); a word given twice has its numbers or-ed."""
        merged: dict[str, list[int]] = {}
        for word, trig, first, last, bits in entries:
            if not word:
                continue
            numbers = merged.setdefault(word, [0, 0, 0, 0])
            numbers[0] |= trig
            numbers[1] |= first
            numbers[2] |= last
            numbers[3] |= bits
        size = 16
        while size < 2 * len(merged):
            size *= 2
        hashes = array("Q", bytes(8 * size))
        slots = array("i", [-1]) * size
        text, offsets = array("I"), array("i", [0])
        trigs, firsts, lasts, flags = array("Q"), array("Q"), array("Q"), array("I")
        for entry, (word, (trig, first, last, bits)) in enumerate(merged.items()):
            text.extend(map(ord, word))
            offsets.append(len(text))
            trigs.append(trig)
            firsts.append(first)
            lasts.append(last)
            flags.append(bits)
            h = word_hash(word)
            slot = h & (size - 1)
            while slots[slot] >= 0:
                slot = (slot + 1) & (size - 1)
            hashes[slot] = h
            slots[slot] = entry
        self.size = size
        self.hashes, self.slots, self.text, self.offsets = hashes, slots, text, offsets
        self.trig, self.first, self.last, self.bits = trigs, firsts, lasts, flags
        self.words = list(merged)

    def find(self, word: str) -> int:
        """The entry of a word, or -1 (what the compiled passes find for the same characters)."""
        h = word_hash(word)
        slot = h & (self.size - 1)
        while self.slots[slot] >= 0:
            if self.hashes[slot] == h and self.words[self.slots[slot]] == word:
                return self.slots[slot]
            slot = (slot + 1) & (self.size - 1)
        return -1


@cython.cclass
class Literals:
    """Strings to look for anywhere in a line, each with the rules (bits) it stands for.

    Entries are ordered by their first character: `starts[cp]` leads to the first one beginning with the
    character, and those are compared in full (their second character first).
    """

    def __init__(self, literals: Iterable[tuple[str, int]]) -> None:
        merged: dict[str, int] = {}
        for literal, mask in literals:
            if not literal or ord(literal[0]) >= 0x10000:
                raise ValueError(f"a literal must start with a character of the Basic Multilingual Plane: {literal!r}")
            merged[literal] = merged.get(literal, 0) | mask
        ordered = sorted(merged.items(), key=lambda item: item[0][0])  # by first character
        starts = array("H", bytes(2 * 0x10000))  # 1 + the first entry beginning with the character (0: none)
        # A literal of one character, by character; the low bytes of a longer one's first two characters,
        # so that a character that often starts nothing (the space of " on line ") costs no comparison.
        singles, pairs = array("B", bytes(0x10000)), array("B", bytes(0x10000))
        first, second, text, offsets, masks = array("I"), array("I"), array("I"), array("i", [0]), array("Q")
        for entry, (literal, mask) in enumerate(ordered):
            if not starts[ord(literal[0])]:
                starts[ord(literal[0])] = entry + 1
            first.append(ord(literal[0]))
            second.append(ord(literal[1]) if len(literal) > 1 else 0)  # 0: a literal of one character
            if len(literal) == 1:
                singles[ord(literal[0])] = 1
            else:
                pairs[(ord(literal[0]) & 0xFF) << 8 | (ord(literal[1]) & 0xFF)] = 1
            text.extend(map(ord, literal))
            offsets.append(len(text))
            masks.append(mask)
        self.starts, self.first, self.second, self.text = starts, first, second, text
        self.offsets, self.masks, self.singles, self.pairs = offsets, masks, singles, pairs
        self.literals = tuple(literal for literal, _ in ordered)

    def search(self, text: str) -> int:
        """The bits of the literals the text holds (what the compiled passes compute)."""
        found = 0
        for e, literal in enumerate(self.literals):
            if literal in text:
                found |= self.masks[e]
        return found


@cython.cclass
class Phrasebook:
    """Phrases as sequences of word entries, in a trie: where a line's words spell a rule's phrase.

    Node 0 is the root; `root[entry]` is the child of the root for a word entry, deeper children are in a
    hashed table keyed by (node, entry); `accepts[node]` holds the rules (bits) one of whose phrases ends
    at the node.
    """

    def __init__(self, phrases: Iterable[tuple[tuple[int, ...], int]], entries: int) -> None:
        """Build from (the entries of a phrase's words, its rules' bits); `entries` is the word table's size."""
        root = array("i", [-1]) * max(entries, 1)
        edges: dict[tuple[int, int], int] = {}
        accepts = array("Q", [0])
        for words, mask in phrases:
            node = 0
            for entry in words:
                child = root[entry] if node == 0 else edges.get((node, entry), -1)
                if child < 0:
                    child = len(accepts)
                    accepts.append(0)
                    if node == 0:
                        root[entry] = child
                    else:
                        edges[node, entry] = child
                node = child
            if node:
                accepts[node] |= mask
        size = 16
        while size < 2 * len(edges):
            size *= 2
        keys = array("Q", bytes(8 * size))
        children = array("i", [-1]) * size
        for (node, entry), child in edges.items():
            key = (node << 32 | entry) + 1  # 0 marks an empty slot
            slot = _spread(key) & (size - 1)
            while keys[slot]:
                slot = (slot + 1) & (size - 1)
            keys[slot] = key
            children[slot] = child
        self.root, self.keys, self.children, self.accepts, self.size = root, keys, children, accepts, size

    def child(self, node: int, entry: int) -> int:
        """The node reached from `node` by the word `entry`, or -1."""
        if entry < 0:
            return -1
        if node == 0:
            return self.root[entry]
        key = node  # widened to 64 bits before the shift, when compiled
        key = (key << 32 | entry) + 1
        slot = _spread(key) & (self.size - 1)
        while self.keys[slot]:
            if self.keys[slot] == key:
                return self.children[slot]
            slot = (slot + 1) & (self.size - 1)
        return -1


def _spread(key: int) -> int:
    """A key's bits mixed (a multiplicative hash), so that nearby keys land in distant slots."""
    return ((key * _GOLDEN) & _MASK) >> 20  # C arithmetic when compiled (a Python int would check signals)


@cython.cclass
class Cues:
    """A plan's word table and phrasebook for one document language, and which rules each kind of cue serves.

    Bits are the plan's line rules. A line is a candidate of the rules in `anywhere` when one of its words
    has their bit in `Words.trig`, and of those in `contains`, `starts`, `exacts` and `rows` when one of
    their phrases sits in its key there; the `decide_*` masks say where such a phrase is the match itself.
    """

    def __init__(
        self,
        words: Words,
        book: Phrasebook,
        anywhere: int,
        anchors: tuple[int, int, int, int],
        decides: tuple[int, int, int, int],
    ) -> None:
        self.words, self.book, self.anywhere = words, book, anywhere
        self.contains, self.starts, self.exacts, self.rows = anchors
        self.decide_contains, self.decide_starts, self.decide_exacts, self.decide_rows = decides
