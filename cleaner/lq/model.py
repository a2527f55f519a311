"""The shipped line-quality model: two stages of oblivious trees read from model.json, scored by the compiled kernel."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import forest, stats
from .features import FEATURES, SECOND_FEATURES

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MODEL_FILE = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Stage:
    """Oblivious trees: each tests `depth` (feature, threshold) pairs, and its leaf is the number the answers spell.

    A line goes right at a test when its feature value is above the threshold; bit d of the leaf number is
    the answer at level d. The stage's probability is the logistic of `bias` plus the trees' leaf values.
    The arrays are flat, tree after tree.
    """

    features: array[int]  # (trees * depth) feature index of every test
    thresholds: array[float]  # (trees * depth)
    leaves: array[float]  # (trees * 2 ** depth)
    bias: float
    depth: int

    @classmethod
    def of(
        cls, features: Sequence[int], thresholds: Sequence[float], leaves: Sequence[float], bias: float, depth: int
    ) -> Stage:
        """A stage from any sequences of numbers (numpy arrays from training, lists from the data file)."""
        return cls(
            array("i", map(int, features)), array("d", map(float, thresholds)), array("d", map(float, leaves)),
            float(bias), int(depth),
        )  # fmt: skip

    @property
    def trees(self) -> int:
        """How many trees the stage has."""
        return len(self.features) // self.depth

    @cached_property
    def forest(self) -> forest.Forest:
        """The stage as the compiled scorer reads it."""
        return forest.Forest(self.features, self.thresholds, self.leaves, self.bias, self.depth)

    def probabilities(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The probability of each row of a feature matrix (training and its tests)."""
        import numpy as np

        rows = np.ascontiguousarray(x, np.float64)
        out = forest.probabilities(rows.ravel(), rows.shape[0], rows.shape[1], self.forest)
        return np.frombuffer(out, np.float64).copy()

    def to_json(self, names: Sequence[str]) -> dict[str, Any]:
        """The stage as the data file holds it (floats written exactly)."""
        span = 1 << self.depth
        return {
            "features": list(names),
            "depth": self.depth,
            "bias": self.bias,
            "tests": [[f, t] for f, t in zip(self.features, self.thresholds, strict=True)],
            "leaves": [list(self.leaves[t * span : (t + 1) * span]) for t in range(self.trees)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> Stage:
        """Read a stage written by `to_json`; refuse one trained on other features (run `make train`)."""
        if data.get("features") != list(names):
            raise ValueError(f"{MODEL_FILE.name} was trained on other features: run `make train`")
        tests = data["tests"]
        return cls.of(
            [f for f, _ in tests], [t for _, t in tests], [v for row in data["leaves"] for v in row],
            data["bias"], data["depth"],
        )  # fmt: skip


@dataclass(frozen=True)
class Trees:
    """The model: the first stage over each line's features, the second over the first's probabilities around it."""

    first: Stage
    second: Stage | None  # None: the first stage's probability is the line's
    threshold: float  # a line is removed when its probability of being content is below this

    def scores(self, data: stats.LineData, kept: list[int]) -> array[float]:
        """The probability that each of the kept lines is content (their features computed on the way)."""
        return forest.score(data, kept, self.first.forest, None if self.second is None else self.second.forest)

    def to_json(self) -> dict[str, Any]:
        """The model as the data file holds it."""
        return {
            "format": 2,
            "threshold": self.threshold,
            "first": self.first.to_json(FEATURES),
            "second": None if self.second is None else self.second.to_json(SECOND_FEATURES),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        """Read a model written by `to_json`."""
        if data.get("format") != 2:
            raise ValueError(f"{MODEL_FILE.name} is of another format: run `make train`")
        second = data["second"]
        return cls(
            Stage.from_json(data["first"], FEATURES),
            None if second is None else Stage.from_json(second, SECOND_FEATURES),
            float(data["threshold"]),
        )


@cache
def shipped() -> Trees:
    """The model in the package's data file, read once."""
    return Trees.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


_override: list[Trees] = []


def active() -> Trees:
    """The model the LQ rule uses: the shipped one, unless `use` put another in place."""
    return _override[-1] if _override else shipped()


@contextmanager
def use(model: Trees) -> Iterator[None]:
    """Score with another model inside the block (training and cross-validation)."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()
