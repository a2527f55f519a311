"""Experiment for issue 8: page-grouped 5-fold CV of a line-quality model on the rules' output, scored by score.py.

Usage: .venv/bin/python tools/lq_experiment/cross_validate.py blocks 0.1 0.2 0.3   (needs scikit-learn)
Measured 2026-11-23 on the dev set, blocks style, the 26 features of features.py, HistGradientBoosting; a
line is removed when its predicted probability of being content is below the threshold:
    thr 0.1  P 0.797  R 0.937  F1 0.861
    thr 0.2  P 0.821  R 0.920  F1 0.868
    thr 0.3  P 0.840  R 0.911  F1 0.874
    thr 0.4  P 0.860  R 0.900  F1 0.879
(rules alone: P 0.663  R 0.984  F1 0.792). Not shipped yet: the target is F1 >= 0.90 at R >= 0.95.

Also tried: labelling every unlabelled line by whether trafilatura's extraction of the page's HTML holds
it (gold snippets weighted 5x): best F1 0.862 (thr 0.3), no better. Next: context features over wider
windows, per-page normalised lengths, cue words from the phrase lists, and article-end structure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]
SHARED = HERE.parent.parent.parent / "shared"

from features import features  # noqa: E402

import cleaner  # noqa: E402
import cleaner.engine as engine  # noqa: E402
from cleaner.rules.base import LineView  # noqa: E402


def norm(text: str) -> str:
    return " ".join(text.split())


def load(style: str) -> list[tuple[str, list[str], list[int], np.ndarray, np.ndarray]]:
    gold = json.loads((SHARED / "bench/dev/gold.json").read_text(encoding="utf-8"))
    plan = engine._plan(engine.DEFAULT)
    docs = []
    for key, item in sorted(gold.items()):
        result = cleaner.clean_text((SHARED / f"bench/dev/{style}/{key}.txt").read_text(encoding="utf-8"))
        lines = result.text.split("\n")
        index = [i for i, line in enumerate(lines) if line.strip()]
        kept = [lines[i] for i in index]
        trigger = engine._trigger(plan.lines, result.lang)
        hits = [any(trigger.search(k) for k in LineView(0, line, False).keys) for line in kept]
        labels = []
        for line in kept:
            text = norm(line)
            content = sum(norm(s) in text for s in item["with"])
            chrome = sum(norm(s) in text for s in item["without"])
            labels.append(-1 if not (content or chrome) else int(content >= chrome))
        docs.append((key, lines, index, features(kept, result.lang, hits), np.array(labels)))
    return docs


def main() -> None:
    style = sys.argv[1] if len(sys.argv) > 1 else "blocks"
    thresholds = [float(t) for t in sys.argv[2:]] or [0.1, 0.2, 0.3, 0.4]
    docs = load(style)
    probs: dict[str, np.ndarray] = {}
    for train, test in GroupKFold(5).split(np.zeros(len(docs)), groups=[d[0] for d in docs]):
        x = np.concatenate([docs[i][3][docs[i][4] >= 0] for i in train])
        y = np.concatenate([docs[i][4][docs[i][4] >= 0] for i in train])
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=31, random_state=0)
        model.fit(x, y)
        for i in test:
            probs[docs[i][0]] = model.predict_proba(docs[i][3])[:, 1] if len(docs[i][3]) else np.zeros(0)
    out = Path(f"/tmp/lqcv-{style}")
    out.mkdir(exist_ok=True)
    for threshold in thresholds:
        for key, lines, index, _, _ in docs:
            drop = {index[j] for j, p in enumerate(probs[key]) if p < threshold}
            kept = [line for i, line in enumerate(lines) if i not in drop]
            (out / f"{key}.txt").write_text("\n".join(kept), encoding="utf-8")
        score = subprocess.run(
            [sys.executable, str(SHARED / "bench/score.py"), "dev", str(out), "--style", style],
            capture_output=True,
            text=True,
            check=True,
        )
        print(style, "thr", threshold, score.stdout.splitlines()[1], flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
