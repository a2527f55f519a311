"""Experiment (issue 8): page-grouped 5-fold CV of LQ through the whole pipeline, scored by score.py.

Each fold's model, trained on the other pages' lines (both styles), is put in place of the shipped one and
`clean_text` runs on the fold's pages: the figures include the engine's repeated passes (each removal
changes the features of the lines left, and LQ runs until it removes nothing more).

Usage: [SEED=0] [DROP=name,part] [PARAMS=json] [ROUNDS=1] \
    .venv/bin/python tools/lq_experiment/pipeline_cv.py [THRESHOLDS...]
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cv  # noqa: E402
import train_lq  # noqa: E402

import cleaner.lq.model as lq_model  # noqa: E402
from cleaner import clean_text  # noqa: E402

SHARED = cv.SHARED
_load = train_lq.load
_rules_only: dict[str, list[train_lq.Page]] = {}


def _cached_load(
    shared: Path, style: str, model: lq_model.Trees | None = None, keys: Any = None
) -> list[train_lq.Page]:
    """train_lq.load, with the rules' output (no model) computed once per style for all folds."""
    if model is not None:
        return _load(shared, style, model, keys)
    if style not in _rules_only:
        _rules_only[style] = _load(shared, style)
    return [p for p in _rules_only[style] if keys is None or p.key in keys]


train_lq.load = _cached_load
_fit = train_lq.fit


def _fit_kept(x: np.ndarray, *args: Any, **kwargs: Any) -> lq_model.Trees:
    """train_lq.fit with the features DROP names held constant: no tree can test them (as if removed)."""
    return _fit(np.where(cv._columns(), x, 0.0), *args, **kwargs)


train_lq.fit = _fit_kept
train_lq.PARAMS.update(json.loads(os.environ.get("PARAMS", "{}")))  # e.g. PARAMS='{"trees": 300}'
train_lq.ROUNDS = int(os.environ.get("ROUNDS", train_lq.ROUNDS))


def fold_models(data: dict[str, list[train_lq.Page]], seed: int = 0) -> dict[str, lq_model.Trees]:
    """Page key -> the model of the fold that page is tested in."""
    keys = [p.key for p in data[train_lq.STYLES[0]]]
    models = {}
    for test in cv.folds(keys, 5, seed):
        model = train_lq.train(SHARED, set(keys) - test)
        models.update(dict.fromkeys(test, model))
    return models


def run(models: dict[str, lq_model.Trees], threshold: float, tag: str) -> list[tuple[float, float, float]]:
    results = []
    for style in train_lq.STYLES:
        out = cv.TMP / f"pipe/{tag}-{style}"
        out.mkdir(parents=True, exist_ok=True)
        chosen = {id(m): replace(m, threshold=threshold) for m in models.values()}
        for key, model in models.items():
            text = train_lq.read(SHARED, style, key)
            with lq_model.use(chosen[id(model)]):
                (out / f"{key}.txt").write_text(clean_text(text).text, encoding="utf-8")
        results.append(cv.score(out, "blocks" if style == "html" else style))
    return results


if __name__ == "__main__":
    thresholds = [float(t) for t in sys.argv[1:]] or [0.1, 0.15, 0.2]
    seed = int(os.environ.get("SEED", "0"))
    data = cv.pages(fresh=True)  # the current features (also refreshes cv.py's cache)
    _rules_only.update(data)
    models = fold_models(data, seed)
    print("folds trained", flush=True)
    for threshold in thresholds:
        scores = run(models, threshold, f"t{threshold}")
        print(f"pipeline thr {threshold:.2f}  {cv.line(scores)}   mean F1 {np.mean([sc[2] for sc in scores]):.4f}")
