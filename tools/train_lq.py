"""Train the LQ line-quality model (make train): dev-page lines labelled from the gold, oblivious boosted trees.

Reproducible: the rules' output is computed by the package itself, the features by `cleaner.lq.features`
(the code the rule runs), and the trees are fitted deterministically (fixed seed); the result is written
to cleaner/lq/model.json. numpy is all it needs (the experiments in tools/lq_experiment also use
scikit-learn, from the `train` extra).

    .venv/bin/python tools/train_lq.py [--shared ../shared] [--out cleaner/lq/model.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Config, clean_text  # noqa: E402
from cleaner.lq.features import FEATURES, features  # noqa: E402
from cleaner.lq.model import MODEL_FILE, Trees, use  # noqa: E402
from cleaner.lq.text import STOPWORDS_FILE  # noqa: E402
from cleaner.rules.folding import fold  # noqa: E402
from cleaner.rules.quality import cue_words  # noqa: E402

# The two naive renderings of the dev pages. Adding trafilatura's extractions of their HTML (cleaner's HTML
# mode) as a third style cost the text styles 1.4 points of F1 in cross-validation and still left HTML
# mode's recall under trafilatura's (0.929 against 0.941 at the shipped threshold): see docs/quality.md.
STYLES = ("blocks", "markdownish")
NO_LQ = Config(ignore=("LQ",))  # the training lines are what the phrase and context rules leave
# Chosen by page-grouped 5-fold cross-validation through the whole pipeline (tools/lq_experiment/cv.py,
# docs/quality.md): the highest F1 with recall at least 0.95 on both styles, rounded down (content first).
THRESHOLD = 0.2
# Oblivious trees of depth 4: as good in cross-validation as scikit-learn's HistGradientBoosting (F1 0.880
# against 0.875 at recall 0.955, blocks) and scored with a handful of numpy calls per document.
ROUNDS = 1  # fits on pages cleaned by the previous fit
PARAMS: dict[str, Any] = {"trees": 200, "depth": 4, "rate": 0.1, "l2": 1.0, "bins": 32, "subsample": 0.8, "seed": 0}


def norm(text: str) -> str:
    """Whitespace-normalised text, as score.py compares snippets."""
    return " ".join(text.split())


@dataclass
class Page:
    """One dev page in one style, after the rules: its lines, features and gold labels."""

    key: str
    style: str
    lang: str | None
    lines: list[str]  # the rules' output, every line
    index: list[int]  # positions of the non-blank lines in `lines`
    x: np.ndarray  # features of the non-blank lines
    content: np.ndarray  # gold `with` snippets each line holds
    chrome: np.ndarray  # gold `without` snippets each line holds

    @property
    def labels(self) -> np.ndarray:
        """1 content, 0 boilerplate, -1 unlabelled; a line holding both counts as content (content first)."""
        return np.where(self.content > 0, 1, np.where(self.chrome > 0, 0, -1))


def read(shared: Path, style: str, key: str) -> str:
    """A dev page's text in a style; for "html", trafilatura's extraction as the HTML mode does it (cached)."""
    if style != "html":
        return (shared / f"bench/dev/{style}/{key}.txt").read_text(encoding="utf-8")
    cache = Path(tempfile.gettempdir()) / "cleaner-lq-html" / f"{key}.txt"
    if not cache.exists():
        from cleaner import html

        cache.parent.mkdir(exist_ok=True)
        cache.write_text(html.extract(gzip.decompress((shared / f"bench/dev/html/{key}.html.gz").read_bytes())))
    return cache.read_text(encoding="utf-8")


def load(shared: Path, style: str, model: Trees | None = None, keys: Collection[str] | None = None) -> list[Page]:
    """The dev pages of a style, cleaned by the rules (and LQ with `model`), with features and labels per kept line."""
    gold = json.loads((shared / "bench/dev/gold.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(gold.items()):
        if keys is not None and key not in keys:
            continue
        text = read(shared, style, key)
        if model is None:
            result = clean_text(text, config=NO_LQ)
        else:
            with use(model):
                result = clean_text(text)
        lines = result.text.split("\n")
        index = [i for i, line in enumerate(lines) if line.strip()]
        kept = [lines[i] for i in index]
        texts = [norm(t) for t in kept]
        content = np.array([sum(norm(s) in t for s in item["with"]) for t in texts], np.int64)
        chrome = np.array([sum(norm(s) in t for s in item["without"]) for t in texts], np.int64)
        x = features(kept, [fold(t) for t in kept], result.lang, cue_words(result.lang))
        pages.append(Page(key, style, result.lang, lines, index, x, content, chrome))
    return pages


def rows(pages: list[Page]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of the labelled lines; a line weighs as many snippets as it holds."""
    x = np.concatenate([p.x[p.labels >= 0] for p in pages])
    y = np.concatenate([p.labels[p.labels >= 0] for p in pages])
    w = np.concatenate([np.maximum(p.content, p.chrome)[p.labels >= 0] for p in pages]).astype(np.float64)
    return x, y, w


def _edges(x: np.ndarray, bins: int) -> list[np.ndarray]:
    """Candidate thresholds per feature: midpoints between its distinct quantiles."""
    edges = []
    for column in x.T:
        values = np.unique(np.quantile(column, np.linspace(0, 1, bins + 1)))
        edges.append((values[:-1] + values[1:]) / 2)
    return edges


def fit(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    *,
    trees: int,
    depth: int,
    rate: float,
    l2: float,
    bins: int,
    subsample: float,
    seed: int,
    threshold: float = THRESHOLD,
) -> Trees:
    """Newton boosting of oblivious trees on the logistic loss.

    Each level's split (one feature and one threshold for every leaf of the level) is the one with the
    largest gain summed over the leaves.
    """
    rng = np.random.default_rng(seed)
    n, f = x.shape
    edges = _edges(x, bins)
    cuts = np.array([len(e) for e in edges])
    width = int(cuts.max()) + 1
    binned = np.stack([np.searchsorted(e, col, side="left") for e, col in zip(edges, x.T, strict=True)], axis=1)
    prior = float(np.clip(np.average(y, weights=w), 1e-6, 1 - 1e-6))
    bias = float(np.log(prior / (1 - prior)))
    margin = np.full(n, bias)
    tests = np.zeros((trees, depth), np.int64)
    thresholds = np.zeros((trees, depth))
    leaves = np.zeros((trees, 1 << depth))
    offsets = np.arange(f) * width
    valid = np.arange(width - 1)[None, :] < cuts[:, None]
    for t in range(trees):
        p = 1.0 / (1.0 + np.exp(-margin))
        sample = rng.random(n) < subsample
        g = np.where(sample, (p - y) * w, 0.0)
        h = np.where(sample, p * (1 - p) * w, 0.0)
        leaf = np.zeros(n, np.int64)
        for d in range(depth):
            # Gradient and hessian histograms per (leaf, feature, bin); every split's gain over all leaves.
            cells = (leaf[:, None] * (f * width) + offsets + binned).ravel()
            size = (1 << d) * f * width
            gh = np.bincount(cells, np.repeat(g, f), size).reshape(1 << d, f, width)
            hh = np.bincount(cells, np.repeat(h, f), size).reshape(1 << d, f, width)
            gl, hl = np.cumsum(gh, axis=2)[:, :, :-1], np.cumsum(hh, axis=2)[:, :, :-1]
            gt, ht = gh.sum(axis=2, keepdims=True), hh.sum(axis=2, keepdims=True)
            gain = gl**2 / (hl + l2) + (gt - gl) ** 2 / (ht - hl + l2) - gt**2 / (ht + l2)
            gain = np.where(valid, gain.sum(axis=0), -np.inf)
            feature, cut = divmod(int(np.argmax(gain)), width - 1)
            tests[t, d] = feature
            thresholds[t, d] = edges[feature][cut]
            leaf |= (binned[:, feature] > cut).astype(np.int64) << d
        values = -np.bincount(leaf, g, 1 << depth) / (np.bincount(leaf, h, 1 << depth) + l2) * rate
        leaves[t] = values
        margin += values[leaf]
    return Trees(tests.ravel(), thresholds.ravel(), leaves, bias, depth, threshold)


def train(shared: Path, keys: Collection[str] | None = None) -> Trees:
    """A model fitted on the lines the rules leave, then again with the lines its own cleaning leaves.

    LQ runs until it removes nothing more, and each removal changes the features of the lines around it;
    the second fit sees pages as the first model's cleaning left them, so it learns what content looks
    like there too (cross-validated: see docs/quality.md).
    """
    seen = [page for style in STYLES for page in load(shared, style, keys=keys)]
    model = fit(*rows(seen), **PARAMS)
    for _ in range(ROUNDS):
        seen += [page for style in STYLES for page in load(shared, style, model, keys)]
        model = fit(*rows(seen), **PARAMS)
    return model


# jusText's stoplists for the languages the language guess knows (cleaner.lang); other languages, and
# documents of unknown language, read all of them.
STOPLISTS = {"de": "German", "en": "English", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese"}


def write_stopwords() -> None:
    """cleaner/lq/stopwords.json from jusText's stoplists, folded as the rules fold text."""
    import justext  # type: ignore[import-untyped]

    lists = {lang: " ".join(sorted({w for word in justext.get_stoplist(name) for w in fold(word).split()}))
             for lang, name in STOPLISTS.items()}  # fmt: skip
    STOPWORDS_FILE.write_text(json.dumps(lists, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    write_stopwords()
    model = train(args.shared)
    args.out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(model.leaves)} trees over {len(FEATURES)} features, {args.out.stat().st_size / 1e3:.0f} kB written "
          f"to {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
