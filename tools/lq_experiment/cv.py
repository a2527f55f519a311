"""Experiment (issue 8): page-grouped 5-fold CV of LQ models on the rules' output (one pass), fast to iterate.

Each page is tested by a model trained on the other pages' lines (all styles), its lines removed once
below a threshold, and the `all` row of score.py computed in process (same normalisation and substring
test). The shipped figures come from pipeline_cv.py, which runs the whole engine instead.

Usage (scikit-learn from the `train` extra for the references):
    .venv/bin/python tools/lq_experiment/cv.py oblivious|hgb|additive|stacked [THRESHOLDS...]
    SEEDS=3 DROP=coherence,relative_ .venv/bin/python tools/lq_experiment/cv.py oblivious
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SHARED = HERE.parent.parent.parent / "shared"
# Scratch files per checkout: several worktrees run these experiments on one machine.
TMP = Path(os.environ.get("LQ_TMP", f"/tmp/lq-{HERE.parent.parent.name}"))

import train_lq  # noqa: E402
from train_lq import STYLES, Page, load, rows  # noqa: E402

from cleaner.lq.features import FEATURES, _densest_run  # noqa: E402

Predict = Callable[[Page], np.ndarray]
Train = Callable[[list[Page]], Predict]
_ALL = re.compile(r"^\s+all\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", re.MULTILINE)


def pages(fresh: bool = False) -> dict[str, list[Page]]:
    """The training pages of every style (cached in TMP: delete TMP/*.pkl after changing features)."""
    data = {}
    TMP.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        cache = TMP / f"{style}.pkl"
        if fresh or not cache.exists():
            cache.write_bytes(pickle.dumps(load(SHARED, style)))
        data[style] = pickle.loads(cache.read_bytes())
    return data


def folds(keys: list[str], k: int = 5, seed: int = 0) -> list[set[str]]:
    """Page keys in k folds at random (fixed seed): every page is tested once, by a model that never saw it."""
    order = np.random.default_rng(seed).permutation(sorted(keys))
    return [set(order[i::k]) for i in range(k)]


def score(out: Path, style: str) -> tuple[float, float, float]:
    """score.py's `all` row for a folder of outputs (HTML mode outputs are scored as blocks)."""
    result = subprocess.run(
        [sys.executable, str(SHARED / "bench/score.py"), "dev", str(out), "--style", style.replace("html", "blocks")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    match = _ALL.search(result.stdout)
    assert match, result.stdout
    return float(match.group(1)), float(match.group(2)), float(match.group(3))


def cross_validate(train: Train, data: dict[str, list[Page]], k: int = 5, seed: int = 0) -> dict[str, dict[str, Any]]:
    """Out-of-fold content probabilities per style and page."""
    keys = [p.key for p in data[STYLES[0]]]
    probs: dict[str, dict[str, Any]] = {s: {} for s in STYLES}
    for test in folds(keys, k, seed):
        predict = train([p for s in STYLES for p in data[s] if p.key not in test])
        for s in STYLES:
            for p in data[s]:
                if p.key in test:
                    probs[s][p.key] = predict(p) if len(p.x) else np.zeros(0)
    return probs


_GOLD: dict[str, tuple[list[str], list[str]]] = {}


def fast_score(page_list: list[Page], probs: dict[str, Any], threshold: float) -> tuple[float, float, float]:
    """score.py's `all` row, computed in process, for lines removed once below the threshold."""
    if not _GOLD:
        gold = json.loads((SHARED / "bench/dev/gold.json").read_text(encoding="utf-8"))
        for key, item in gold.items():
            _GOLD[key] = ([train_lq.norm(w) for w in item["with"]], [train_lq.norm(w) for w in item["without"]])
    tp = fp = fn = 0
    for page in page_list:
        drop = {page.index[j] for j in np.flatnonzero(probs[page.key] < threshold)}
        if len(drop) == len(page.index):
            drop = set()
        out = train_lq.norm("\n".join(line for i, line in enumerate(page.lines) if i not in drop))
        withs, withouts = _GOLD[page.key]
        kept = sum(w in out for w in withs)
        tp, fn, fp = tp + kept, fn + len(withs) - kept, fp + sum(w in out for w in withouts)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)


def line(scores: list[tuple[float, float, float]]) -> str:
    """One row of figures: P, R and F1 per style."""
    return "   ".join(f"{s[:5]} P {p:.3f} R {r:.3f} F1 {f:.3f}" for s, (p, r, f) in zip(STYLES, scores, strict=True))


def best(data: dict[str, list[Page]], probs: dict[str, dict[str, Any]], tag: str, min_recall: float = 0.95) -> float:
    """The best mean F1 over thresholds whose recall is at least `min_recall` in every style."""
    found = (0.0, 0.0, "")
    for threshold in np.arange(0.02, 0.61, 0.02):
        scores = [fast_score(data[s], probs[s], threshold) for s in STYLES]
        f1 = float(np.mean([sc[2] for sc in scores]))
        if min(sc[1] for sc in scores) >= min_recall and f1 > found[0]:
            found = (f1, threshold, line(scores))
    print(f"{tag} best at R>={min_recall}: thr {found[1]:.2f}  {found[2]}", flush=True)
    return found[0]


def _columns() -> np.ndarray:
    drop = [d for d in os.environ.get("DROP", "").split(",") if d]
    return np.array([not any(d in name for d in drop) for name in FEATURES])


def oblivious(**params: Any) -> Train:
    """The shipped learner (train_lq.fit), on the features DROP does not name."""
    keep = _columns()

    def train(pages: list[Page]) -> Predict:
        x, y, w = rows(pages)
        model = train_lq.fit(x[:, keep], y, w, **{**train_lq.PARAMS, **params})
        return lambda page: model.probabilities(page.x[:, keep])

    return train


def hgb(**params: Any) -> Train:
    """scikit-learn's HistGradientBoosting, the reference the shipped learner was measured against."""
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped,import-not-found,unused-ignore]

    keep = _columns()

    def train(pages: list[Page]) -> Predict:
        x, y, w = rows(pages)
        model = HistGradientBoostingClassifier(random_state=0, **params).fit(x[:, keep], y, sample_weight=w)
        return lambda page: model.predict_proba(page.x[:, keep])[:, 1]

    return train


def hand(page: Page) -> np.ndarray:
    """A hand-built scorer (no training): jusText's cues and the main prose region, weighed by hand."""
    f = {name: page.x[:, j] for j, name in enumerate(FEATURES)}
    margin = (
        -2.0 + 3.0 * f["stops_per_words"] + 1.5 * f["prose"] + 1.0 * f["in_region"] + 0.8 * f["window3_prose"]
        + 0.4 * f["log_words"] - 0.6 * f["after_region"] - 0.6 * f["before_region"] - 2.0 * f["cues_per_words"]
        - 0.8 * f["log_repeats"] + 0.8 * f["shared_region"] + 0.5 * f["ends_sentence"]
    )  # fmt: skip
    return np.asarray(1.0 / (1.0 + np.exp(-margin)))


def stage_two(p: np.ndarray) -> np.ndarray:
    """Stage-2 features from stage-1 probabilities: the line's, its neighbours', and the content region."""
    n = len(p)
    padded = np.concatenate((np.zeros(2), p, np.zeros(2)))
    start, end = _densest_run(p - 0.5)
    index = np.arange(n)
    total = np.concatenate(([0.0], np.cumsum(p)))
    windows = [
        (total[np.minimum(index + r + 1, n)] - total[np.maximum(index - r, 0)]) / (2 * r + 1) for r in (2, 5, 15)
    ]
    region = (
        (index >= start) & (index <= end),
        np.log1p(np.maximum(start - index, 0)),
        np.log1p(np.maximum(index - end, 0)),
    )
    return np.stack((p, padded[1:-3], padded[3:-1], padded[:-4], padded[4:], *windows, *region), axis=1)


def stacked(inner: int = 5) -> Train:
    """Stage 1 on the line features; stage 2 on them plus stage 1's (out-of-fold) probabilities around each line."""
    first = oblivious()

    def train(pages: list[Page]) -> Predict:
        oof: dict[tuple[str, str], np.ndarray] = {}
        for test in folds(sorted({p.key for p in pages}), inner, seed=1):
            predict = first([p for p in pages if p.key not in test])
            oof.update({(p.key, p.style): predict(p) for p in pages if p.key in test and len(p.x)})
        stage1 = first(pages)
        x2 = [np.concatenate((p.x, stage_two(oof[p.key, p.style])), axis=1)[p.labels >= 0] for p in pages if len(p.x)]
        _, y, w = rows(pages)
        model = train_lq.fit(np.concatenate(x2), y, w, **train_lq.PARAMS)
        return lambda page: model.probabilities(np.concatenate((page.x, stage_two(stage1(page))), axis=1))

    return train


MODELS: dict[str, Callable[[], Train]] = {
    "oblivious": oblivious,
    "hgb": lambda: hgb(max_iter=300, learning_rate=0.05, max_leaf_nodes=31),
    "additive": lambda: hgb(max_iter=400, learning_rate=0.05, max_leaf_nodes=7, interaction_cst="no_interactions"),
    "stacked": stacked,
    "hand": lambda: lambda pages: hand,
}

if __name__ == "__main__":
    name = sys.argv[1]
    data = pages()
    results = []
    for seed in range(int(os.environ.get("SEEDS", "1"))):
        probs = cross_validate(MODELS[name](), data, seed=seed)
        results.append((best(data, probs, f"{name} s{seed}"), best(data, probs, f"{name} s{seed}", 0.96)))
        for threshold in map(float, sys.argv[2:]):
            print(f"{name} thr {threshold:.2f}  {line([fast_score(data[s], probs[s], threshold) for s in STYLES])}")
    means = np.mean(results, axis=0)
    print(f"{name} mean F1 at R>=0.95 {means[0]:.4f}, at R>=0.96 {means[1]:.4f}")
