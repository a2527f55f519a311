"""Where the engine's time goes: a clock it marks between its stages, off unless a measurement asks for it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

# The stages, in the order the engine runs them (`make perf` prints them as its stage table).
STAGES = (
    ("split", "split into lines, the line table"),
    ("raw", "raw pass: blanks, words, flags, stopword counts, literals, repair hints (compiled)"),
    ("repairs", "typography repairs on the hinted lines"),
    ("fold", "fold pass: keys, word and phrase cues of the line rules (compiled)"),
    ("line rules", "line rules' own checks where a cue fired"),
    ("context rules", "context rules (neighbours, repeats, menus, position) to a fixed point"),
    ("model", "line-quality model (LQ): features and trees, and the rules it sets off again"),
    ("output", "apostrophes, verdicts, assembly of the output, language votes"),
)


class Clock:
    """Seconds spent in each stage, summed over the documents cleaned while it runs."""

    __slots__ = ("_last", "seconds")

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._last = perf_counter()

    def start(self) -> None:
        """Start timing a document's first stage."""
        self._last = perf_counter()

    def mark(self, stage: str) -> None:
        """Count the time since the last mark (or start) to `stage`."""
        now = perf_counter()
        self.seconds[stage] += now - self._last
        self._last = now


class _Off(Clock):
    """The clock when nothing is measured: marks cost a method call."""

    def start(self) -> None:
        """Nothing to do."""

    def mark(self, stage: str) -> None:
        """Nothing to do."""


OFF = _Off()
clock: Clock = OFF


@contextmanager
def measured() -> Iterator[Clock]:
    """Time the engine's stages while the block runs (one thread: the engine in this process)."""
    global clock
    clock = Clock()
    try:
        yield clock
    finally:
        clock = OFF
