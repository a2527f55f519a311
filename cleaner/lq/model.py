"""The shipped line-quality model: oblivious boosted trees read from model.json, scored over a document at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """

    features: NDArray[np.int64]  # (trees * depth,) feature index of every test, tree by tree
    thresholds: NDArray[np.float64]  # (trees * depth,)
    leaves: NDArray[np.float64]  # (trees, 2 ** depth)
    bias: float
    depth: int
    threshold: float  # a line is removed when its probability of being content is below this

    def probabilities(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The probability that each row (a line's features) is content."""
        import numpy as np

        tests, which, weights, offsets = self._plan()
        trees = len(self.leaves)
        # Each distinct (feature, threshold) test once, lines along the last axis; then the leaf number of
        # every tree for every line, and one look-up of its value (measured: 4x faster than per-tree tests).
        answers = (np.ascontiguousarray(x.T)[tests[0]] > tests[1][:, None]).view(np.uint8)
        leaf = np.einsum("tdn,d->tn", answers[which].reshape(trees, self.depth, len(x)), weights)
        margin = self.bias + self.leaves.ravel().take(leaf + offsets).sum(axis=0)
        return np.asarray(1.0 / (1.0 + np.exp(-margin)), np.float64)

    def _plan(self) -> tuple[Any, Any, Any, Any]:
        cached: tuple[Any, Any, Any, Any] | None = self.__dict__.get("_cached")
        if cached is None:
            import numpy as np

            unique, which = np.unique(np.stack((self.features, self.thresholds)), axis=1, return_inverse=True)
            tests = (unique[0].astype(np.int64), unique[1].copy())
            weights = (1 << np.arange(self.depth)).astype(np.uint8)
            offsets = (np.arange(len(self.leaves)) << self.depth)[:, None]
            cached = (tests, which.ravel(), weights, offsets)
            object.__setattr__(self, "_cached", cached)
        return cached

    def to_json(self) -> dict[str, Any]:
        """The model as the data file holds it (floats written exactly)."""
        return {
            "format": 1,
            "features": list(FEATURES),
            "depth": self.depth,
            "threshold": self.threshold,
            "bias": self.bias,
            "tests": [[int(f), float(t)] for f, t in zip(self.features, self.thresholds, strict=True)],
            "leaves": [[float(v) for v in row] for row in self.leaves],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        """Read a model written by `to_json`; refuse one trained on other features (run `make train`)."""
        import numpy as np

        if data.get("format") != 1 or data.get("features") != list(FEATURES):
            raise ValueError(f"{MODEL_FILE.name} was trained on other features: run `make train`")
        tests = np.array(data["tests"], np.float64).reshape(-1, 2)
        return cls(
            features=tests[:, 0].astype(np.int64),
            thresholds=tests[:, 1].copy(),
            leaves=np.array(data["leaves"], np.float64),
            bias=float(data["bias"]),
            depth=int(data["depth"]),
            threshold=float(data["threshold"]),
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
