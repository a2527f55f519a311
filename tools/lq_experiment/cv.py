"""Experiment: LQ models scored in one pass over the rules' output, fast to iterate (pipeline_cv.py runs the engine).

Each page is tested by a model that never saw it: on the news set, a model trained on the dev pages only
(`news`), or on the dev pages and the other two sources (`sources`); on the dev set, 5 page-grouped folds
trained on the other folds and the news set (`dev`). A page's lines are removed once below the
threshold, and the figures are score.py's, computed in process (its own functions, imported).

Usage (CatBoost from the `train` extra):
    .venv/bin/python tools/lq_experiment/cv.py news|sources|dev [THRESHOLDS...]
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SHARED = Path(os.environ.get("SHARED", HERE.parent.parent.parent / "shared"))
# Scratch files per checkout: several worktrees run these experiments on one machine.
TMP = Path(os.environ.get("LQ_TMP", f"/tmp/lq-{HERE.parent.parent.name}"))

import train_lq  # noqa: E402
from train_lq import STYLES, Page  # noqa: E402

from cleaner.lq import forest  # noqa: E402
from cleaner.lq.features import second_features  # noqa: E402
from cleaner.lq.model import Trees  # noqa: E402

SOURCES = ("readability", "goose3", "newspaper4k")


def score_module() -> ModuleType:
    """../shared/bench/score.py, imported (its functions compute the figures in process)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "bench/score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(fresh: bool = False) -> list[Page]:
    """Every page of dev and news in both styles, as the rules leave them (cached in TMP: delete after changes)."""
    TMP.mkdir(parents=True, exist_ok=True)
    cache = TMP / "pages.pkl"
    if fresh or not cache.exists():
        cache.write_bytes(pickle.dumps(train_lq.load_all(SHARED)))
    loaded: list[Page] = pickle.loads(cache.read_bytes())
    return loaded


def folds(keys: list[str], k: int = 5, seed: int = 0) -> list[set[str]]:
    """Page keys in k folds at random (fixed seed): every page is tested once, by a model that never saw it."""
    order = np.random.default_rng(seed).permutation(sorted(keys))
    return [set(order[i::k]) for i in range(k)]


def splits(kind: str, data: list[Page], seed: int = 0) -> list[tuple[list[Page], Callable[[Page], bool]]]:
    """(training pages, which pages the model tests) for each model of a validation scheme."""
    if kind == "news":
        return [([p for p in data if p.part == "dev"], lambda p: p.part == "news")]
    if kind == "sources":
        return [([p for p in data if p.source != s], lambda p, s=s: p.source == s) for s in SOURCES]  # type: ignore[misc]
    assert kind == "dev", kind
    if os.environ.get("NEWS", "1") == "0":  # NEWS=0: the dev folds' models trained without the news set
        data = [p for p in data if p.part == "dev"]
    keys = sorted({p.key for p in data if p.part == "dev"})
    return [([p for p in data if p.key not in test], lambda p, t=test: p.part == "dev" and p.key in t)  # type: ignore[misc]
            for test in folds(keys, 5, seed)]  # fmt: skip


def probabilities(model: Trees, page: Page) -> np.ndarray:
    """The model's probabilities for a page's kept lines in one pass."""
    if not len(page.x):
        return np.zeros(0)
    p = model.first.probabilities(page.x)
    return p if model.second is None else model.second.probabilities(second_features(p, page.x))


SHELTERED = float(os.environ.get("SHELTERED", "1"))  # the sheltered lines' threshold, as a share of the threshold


def output(page: Page, p: np.ndarray, threshold: float) -> str:
    """The page's text with the lines the rule would remove removed (never all of them; 15 lines or more)."""
    n = len(page.index)
    rows = np.ascontiguousarray(page.x, np.float64).ravel()
    low = forest.low_rows(np.ascontiguousarray(p, np.float64), rows, n, threshold, threshold * SHELTERED) if n else []
    drop = {page.index[j] for j in low}
    if len(drop) == len(page.index) or len(page.index) < 15:
        drop = set()
    return "\n".join(line for i, line in enumerate(page.lines) if i not in drop)


def figures(part: str, style: str, outputs: dict[str, str], score: ModuleType) -> dict[str, Any]:
    """score.py's figures for a part's outputs in a style: news metrics, or the dev snippets' P, R, F1."""
    if part == "news":
        gold = train_lq._gold(SHARED, "news")
        docs = {k: score.news_doc(gold[k]["text"], out, train_lq.read(SHARED, "news", style, k))
                for k, out in outputs.items()}  # fmt: skip
        metrics: dict[str, Any] = score.news_metrics(docs.values())
        for source in SOURCES:
            metrics[source] = score.news_metrics([d for k, d in docs.items() if gold[k]["source"] == source])
        return metrics
    gold = train_lq._gold(SHARED, "dev")
    tp = fp = fn = 0
    for k, out in outputs.items():
        text = train_lq.norm(out)
        withs = [train_lq.norm(s) for s in gold[k]["with"]]
        kept = sum(s in text for s in withs)
        tp, fn = tp + kept, fn + len(withs) - kept
        fp += sum(train_lq.norm(s) in text for s in gold[k]["without"])
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9)}


def row(m: dict[str, Any]) -> str:
    """One row of figures."""
    text = f"P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}"
    if "lines_present_recall" in m:
        text += f" lines {m['lines_present_recall']:.3f} short {m['short_present_recall']:.3f}"
        text += " | " + " ".join(f"{s[:5]} {m[s]['f1']:.3f}" for s in SOURCES)
    return text


def main() -> None:
    train_lq.GOLD_WEIGHT = float(os.environ.get("GOLD_WEIGHT", train_lq.GOLD_WEIGHT))
    train_lq.EXTRACTION_WEIGHT = float(os.environ.get("EXTRACTION_WEIGHT", train_lq.EXTRACTION_WEIGHT))
    train_lq.FIRST.update(json.loads(os.environ.get("FIRST", "{}")))  # e.g. FIRST='{"iterations": 150}'
    train_lq.ROUNDS = int(os.environ.get("ROUNDS", train_lq.ROUNDS))
    kind = sys.argv[1]
    thresholds = [float(t) for t in sys.argv[2:]] or [0.1, 0.15, 0.2, 0.25, 0.3]
    data = pages()
    score = score_module()
    probs: dict[tuple[str, str, str], np.ndarray] = {}
    saved = TMP / f"probs-{kind}-{os.environ.get('TAG', 'last')}.pkl"  # TAG=name keeps a run's probabilities
    if "TAG" in os.environ and saved.exists():
        probs = pickle.loads(saved.read_bytes())
    for train, tested in [] if probs else splits(kind, data, int(os.environ.get("SEED", "0"))):
        model = train_lq.train(train, SHARED, second=os.environ.get("SECOND", "1") == "1")
        for page in data:
            if tested(page):
                probs[(page.part, page.style, page.key)] = probabilities(model, page)
    saved.write_bytes(pickle.dumps(probs))
    part = "dev" if kind == "dev" else "news"
    for threshold in thresholds:
        line = []
        for style in STYLES:
            outputs = {p.key: output(p, probs[(p.part, p.style, p.key)], threshold) for p in data
                       if (p.part, p.style, p.key) in probs and p.style == style}  # fmt: skip
            line.append(f"{style[:5]} {row(figures(part, style, outputs, score))}")
        print(f"{kind} thr {threshold:.2f}  " + "   ".join(line), flush=True)


if __name__ == "__main__":
    main()
