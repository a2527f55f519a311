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
    from . import _purepython as cython  # type: ignore[no-redef]

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = 0xFFFFFFFFFFFFFFFF


def word_hash(word: str) -> int:
    """FNV-1a over the code points, never 0 (0 marks an empty slot); the compiled passes compute the same."""
    h = FNV_OFFSET
    for char in word:
        h = ((h ^ ord(char)) * FNV_PRIME) & MASK
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
        first, second, text, offsets, masks = array("I"), array("I"), array("I"), array("i", [0]), array("Q")
        for entry, (literal, mask) in enumerate(ordered):
            if not starts[ord(literal[0])]:
                starts[ord(literal[0])] = entry + 1
            first.append(ord(literal[0]))
            second.append(ord(literal[1]) if len(literal) > 1 else 0)  # 0: a literal of one character
            text.extend(map(ord, literal))
            offsets.append(len(text))
            masks.append(mask)
        self.starts, self.first, self.second, self.text, self.offsets, self.masks = (
            starts,
            first,
            second,
            text,
            offsets,
            masks,
        )
        self.literals = tuple(literal for literal, _ in ordered)

    def search(self, text: str) -> int:
        """The bits of the literals the text holds (what the compiled passes compute)."""
        found = 0
        for e, literal in enumerate(self.literals):
            if literal in text:
                found |= self.masks[e]
        return found
