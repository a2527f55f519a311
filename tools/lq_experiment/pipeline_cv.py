"""Experiment (issue 8): page-grouped 5-fold CV of LQ through the whole pipeline, scored by score.py.

Each fold's model, trained on the other pages' lines (both styles), is put in place of the shipped one and
`clean_text` runs on the fold's pages: the figures include the engine's repeated passes (each removal
changes the features of the lines left, and LQ runs until it removes nothing more).

Usage: .venv/bin/python tools/lq_experiment/pipeline_cv.py [THRESHOLDS...]
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cv  # noqa: E402
import train_lq  # noqa: E402

import cleaner.lq.model as lq_model  # noqa: E402
from cleaner import clean_text  # noqa: E402

SHARED = cv.SHARED


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
        out = Path(f"/tmp/lqpipe/{tag}-{style}")
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
    models = fold_models(cv.pages())
    print("folds trained", flush=True)
    for threshold in thresholds:
        scores = run(models, threshold, f"t{threshold}")
        print(f"pipeline thr {threshold:.2f}  {cv.line(scores)}   mean F1 {np.mean([sc[2] for sc in scores]):.4f}")
