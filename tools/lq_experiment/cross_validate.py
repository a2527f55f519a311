"""Experiment for issue 8: page-grouped 5-fold CV of a line-quality model on the rules' output, scored by score.py.

Usage: .venv/bin/python tools/lq_experiment/cross_validate.py blocks 0.1 0.2 0.3   (needs scikit-learn)
Measured 2026-11-23 on the dev set, blocks style, 26 features (features.py), HistGradientBoosting:
    thr 0.1  P 0.797  R 0.937  F1 0.861
    thr 0.2  P 0.821  R 0.920  F1 0.868
    thr 0.3  P 0.840  R 0.911  F1 0.874
    thr 0.4  P 0.860  R 0.900  F1 0.879
(rules alone: P 0.663  R 0.984  F1 0.792). Not yet good enough to ship: the target is F1 >= 0.90 at R >= 0.95.
"""

import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))
from features import features
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

import cleaner
import cleaner.engine as e
from cleaner.rules.base import LineView

SHARED = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
style = sys.argv[1] if len(sys.argv) > 1 else "blocks"
gold = json.load(open(f"{SHARED}/bench/dev/gold.json"))
n = lambda s: " ".join(s.split())
plan = e._plan(e.DEFAULT)
docs = []
for k, item in sorted(gold.items()):
    r = cleaner.clean_text(open(f"{SHARED}/bench/dev/{style}/{k}.txt").read())
    lines = r.text.split("\n")
    idx = [i for i, l in enumerate(lines) if l.strip()]
    trig = e._trigger(plan.lines, r.lang)
    kept = [lines[i] for i in idx]
    hits = [any(trig.search(kk) for kk in LineView(0, l, False).keys) for l in kept]
    F = features(kept, r.lang, hits)
    lab = []
    for l in kept:
        L = n(l)
        w = sum(n(s) in L for s in item["with"])
        wo = sum(n(s) in L for s in item["without"])
        lab.append(-1 if not (w or wo) else (1 if w >= wo else 0))
    docs.append((k, lines, idx, F, np.array(lab)))
keys = [d[0] for d in docs]
probs = {}
for tr, te in GroupKFold(5).split(np.zeros(len(docs)), groups=keys):
    X = np.concatenate([docs[i][3][docs[i][4] >= 0] for i in tr])
    y = np.concatenate([docs[i][4][docs[i][4] >= 0] for i in tr])
    m = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=31, random_state=0).fit(X, y)
    for i in te:
        probs[docs[i][0]] = m.predict_proba(docs[i][3])[:, 1] if len(docs[i][3]) else np.zeros(0)
for thr in [float(t) for t in sys.argv[2:]] or (0.1, 0.2, 0.3, 0.4):
    out = f"/tmp/lqcv-{style}"
    os.makedirs(out, exist_ok=True)
    for k, lines, idx, F, lab in docs:
        drop = {idx[j] for j, p in enumerate(probs[k]) if p < thr}
        open(f"{out}/{k}.txt", "w").write("\n".join(l for i, l in enumerate(lines) if i not in drop))
    res = subprocess.run(
        ["python3", f"{SHARED}/bench/score.py", "dev", out, "--style", style], capture_output=True, text=True
    ).stdout.splitlines()[1]
    print(style, "thr", thr, res)
