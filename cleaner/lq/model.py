"""The shipped line-quality model: oblivious boosted trees read from model.json, scored by the compiled kernel."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import kernel
from .features import FEATURES

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MODEL_FILE = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Trees:
    """Oblivious trees: each tests `depth` (feature, threshold) pairs, and its leaf is the number the answers spell.

    A line goes right at a test when its feature value is above the threshold; bit d of the leaf number is
    the answer at level d. The content probability is the logistic of `bias` plus the trees' leaf values.
    The arrays are flat, tree after tree.
    """

    features: array[int]  # (trees * depth) feature index of every test
    thresholds: array[float]  # (trees * depth)
    leaves: array[float]  # (trees * 2 ** depth)
    bias: float
    depth: int
    threshold: float  # a line is removed when its probability of being content is below this

    @classmethod
    def of(
        cls, features: Sequence[int], thresholds: Sequence[float], leaves: Sequence[float], bias: float, depth: int,
        threshold: float,
    ) -> Trees:  # fmt: skip
        """A model from any sequences of numbers (numpy arrays from training, lists from the data file)."""
        return cls(
            array("i", map(int, features)), array("d", map(float, thresholds)), array("d", map(float, leaves)),
            float(bias), int(depth), float(threshold),
        )  # fmt: skip

    @property
    def trees(self) -> int:
        """How many trees the model has."""
        return len(self.features) // self.depth

    def scores(self, data: kernel.LineData, kept: list[int]) -> array[float]:
        """The probability that each of the kept lines is content (their features computed on the way)."""
        return kernel.score(data, kept, self.features, self.thresholds, self.leaves, self.bias, self.depth)

    def probabilities(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The probability that each row of a feature matrix is content (training and its tests)."""
        import numpy as np

        rows = np.ascontiguousarray(x, np.float64)
        out = kernel.score_rows(rows.ravel(), len(rows), self.features, self.thresholds, self.leaves, self.bias,
                                self.depth)  # fmt: skip
        return np.frombuffer(out, np.float64).copy()

    def to_json(self) -> dict[str, Any]:
        """The model as the data file holds it (floats written exactly)."""
        span = 1 << self.depth
        return {
            "format": 1,
            "features": list(FEATURES),
            "depth": self.depth,
            "threshold": self.threshold,
            "bias": self.bias,
            "tests": [[f, t] for f, t in zip(self.features, self.thresholds, strict=True)],
            "leaves": [list(self.leaves[t * span : (t + 1) * span]) for t in range(self.trees)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        """Read a model written by `to_json`; refuse one trained on other features (run `make train`)."""
        if data.get("format") != 1 or data.get("features") != list(FEATURES):
            raise ValueError(f"{MODEL_FILE.name} was trained on other features: run `make train`")
        tests = data["tests"]
        return cls.of(
            [f for f, _ in tests], [t for _, t in tests], [v for row in data["leaves"] for v in row],
            data["bias"], data["depth"], data["threshold"],
        )  # fmt: skip


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
