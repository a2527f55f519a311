"""Train the LQ line-quality model (make train): two stages of CatBoost's oblivious trees, written as JSON.

Training lines are what the phrase and context rules leave of the pages of ../shared/bench/dev and
../shared/bench/news, in both text styles. Labels: a line is content when it holds a gold snippet (dev
`with`) or is a line of the gold article (news), boilerplate when it holds a dev `without` snippet or is
not in the news gold; the dev lines the gold says nothing about take trafilatura's word, read from its
extraction of the page's HTML (a line is content when it is a line of the extraction, or a long part of
it). Gold wins where the two disagree.

The first stage scores each line from its 98 features; the second reads the first's probabilities of the
line's neighbours (`cleaner.lq.forest`), and is trained on out-of-fold first-stage probabilities (pages
grouped, so it learns how much to trust a first stage that has not seen the page). CatBoost (the `train`
extra) fits both; its trees are exported to cleaner/lq/model.json and scored at run time by the package's
own kernel, not by CatBoost. Deterministic (fixed seeds, one thread order per fit).

    .venv/bin/python tools/train_lq.py [--shared ../shared] [--out cleaner/lq/model.json] [--no-news]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Config, clean_text  # noqa: E402
from cleaner.lq.features import FEATURES, SECOND_FEATURES, features, second_features  # noqa: E402
from cleaner.lq.model import MODEL_FILE, Stage, Trees, use  # noqa: E402
from cleaner.lq.text import STOPWORDS_FILE  # noqa: E402
from cleaner.rules.folding import fold  # noqa: E402
from cleaner.rules.quality import cue_words  # noqa: E402

STYLES = ("blocks", "markdownish")
PARTS = ("dev", "news")
NO_LQ = Config(ignore=("LQ",))  # the training lines are what the phrase and context rules leave
# Chosen by page-grouped cross-validation through the whole engine (tools/lq_experiment/pipeline_cv.py,
# docs/quality.md): the highest F1 with recall at least 0.95 in both styles, rounded down (content first).
THRESHOLD = 0.2
FIRST: dict[str, Any] = {"iterations": 150, "depth": 5, "learning_rate": 0.1, "l2_leaf_reg": 3.0}
SECOND: dict[str, Any] = {"iterations": 80, "depth": 4, "learning_rate": 0.1, "l2_leaf_reg": 3.0}
ROUNDS = 1  # fits again on the pages as the previous fit's cleaning leaves them (see `train`)
STACK_FOLDS = 3  # out-of-fold first-stage probabilities for the second stage's training
# Weights: a dev line holding gold snippets weighs GOLD_WEIGHT per snippet (few, and exact); a news line
# (labelled by the extractors' expected text) and a dev line labelled by trafilatura weigh 1 (complete, but
# noisy). One pass over the rules' output (tools/lq_experiment/cv.py, best F1 at recall >= 0.95 in both
# styles; docs/quality.md): weights 2, 10, 30 and 100 gave dev 0.869, 0.865, 0.879 and 0.877, and news
# (a model that never saw it) 0.859, 0.871, 0.878 and 0.865.
GOLD_WEIGHT = 30.0
EXTRACTION_WEIGHT = 1.0
MIN_PART = 20  # characters (of the comparison key) of a line matched inside a longer reference line


@dataclass
class Page:
    """One page in one style, after the rules: its kept lines, their features and labels."""

    key: str
    part: str  # dev | news
    source: str  # dev, or the news page's extractor (readability, goose3, newspaper4k)
    style: str
    lang: str | None
    lines: list[str]  # the rules' output, every line
    index: list[int]  # positions of the non-blank lines in `lines`
    x: np.ndarray  # first-stage features of the non-blank lines
    y: np.ndarray  # 1 content, 0 boilerplate
    g: np.ndarray  # dev gold snippets the line holds; 0 where trafilatura's word labels it (and on news pages)

    @property
    def w(self) -> np.ndarray:
        """Training weights: GOLD_WEIGHT per dev snippet the line holds, else EXTRACTION_WEIGHT."""
        return np.where(self.g > 0, GOLD_WEIGHT * self.g, EXTRACTION_WEIGHT)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "_": None, "*": None})  # fmt: skip
_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"^\s*(?:[-*•·+>#|]+\s*)+")


def key(line: str) -> str:
    """A line's comparison key, as score.py compares lines: NFKC, quotes, dashes, emphasis and case ignored."""
    text = unicodedata.normalize("NFKC", _MARKER.sub("", line)).translate(_QUOTES)
    return _SPACE.sub("", text).casefold()


class Reference:
    """A text whose lines are content: a line matches when it is one of them, or a long enough part of one."""

    def __init__(self, text: str) -> None:
        pieces = [p for line in text.splitlines() for p in [line, *line.split(" | ")]]
        self.lines = {key(p) for p in pieces} - {""}
        self.joined = "\n".join(key(line) for line in text.splitlines())

    def __contains__(self, line: object) -> bool:
        k = key(str(line))
        return bool(k) and (k in self.lines or (len(k) >= MIN_PART and k in self.joined))


def norm(text: str) -> str:
    """Whitespace-normalised text, as score.py compares snippets."""
    return " ".join(text.split())


def extraction(shared: Path, part: str, page: str) -> str:
    """The extraction by trafilatura of a page's HTML under cleaner's pinned options (cached in the temp folder)."""
    cache = Path(tempfile.gettempdir()) / "cleaner-lq-extractions" / part / f"{page}.txt"
    if not cache.exists():
        from cleaner import html

        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(html.extract(gzip.decompress((shared / f"bench/{part}/html/{page}.html.gz").read_bytes())),
                         encoding="utf-8")  # fmt: skip
    return cache.read_text(encoding="utf-8")


def _labels(part: str, kept: list[str], item: dict[str, Any], extracted: Reference) -> tuple[np.ndarray, np.ndarray]:
    y = np.zeros(len(kept), np.int64)
    g = np.zeros(len(kept), np.int64)
    if part == "news":  # the expected article text: every line is labelled by it
        gold = Reference(item["text"])
        for j, line in enumerate(kept):
            y[j] = line in gold
        return y, g
    withs = [norm(s) for s in item["with"]]
    withouts = [norm(s) for s in item["without"]]
    for j, line in enumerate(kept):
        text = norm(line)
        content = sum(s in text for s in withs)
        chrome = sum(s in text for s in withouts)
        if content or chrome:  # gold wins; a line holding both counts as content (content first)
            y[j] = 1 if content else 0
            g[j] = max(content, chrome)
        else:
            y[j] = line in extracted
    return y, g


def _gold(shared: Path, part: str) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((shared / f"bench/{part}/gold.json").read_text(encoding="utf-8"))
    return gold


def read(shared: Path, part: str, style: str, page: str) -> str:
    """A page's naive text in a style."""
    return (shared / f"bench/{part}/{style}/{page}.txt").read_text(encoding="utf-8")


def load(
    shared: Path, part: str, style: str, keys: Collection[str] | None = None, model: Trees | None = None
) -> list[Page]:
    """The pages of a part and style, cleaned by the rules (and LQ with `model`), with features and labels."""
    gold = _gold(shared, part)
    pages = []
    for page, item in sorted(gold.items()):
        if keys is not None and page not in keys:
            continue
        text = read(shared, part, style, page)
        if model is None:
            result = clean_text(text, config=NO_LQ)
        else:
            with use(model):
                result = clean_text(text)
        lines = result.text.split("\n")
        index = [i for i, line in enumerate(lines) if line.strip()]
        kept = [lines[i] for i in index]
        y, g = _labels(part, kept, item, Reference(extraction(shared, part, page)))
        x = features(kept, [fold(t) for t in kept], result.lang, cue_words(result.lang))
        source = item.get("source", "dev")
        pages.append(Page(page, part, source, style, result.lang, lines, index, x, y, g))
    return pages


def load_all(shared: Path, parts: Iterable[str] = PARTS) -> list[Page]:
    """Every page of the parts, both styles."""
    return [page for part in parts for style in STYLES for page in load(shared, part, style)]


def _catboost(x: np.ndarray, y: np.ndarray, w: np.ndarray, params: dict[str, Any]) -> Stage:
    """A CatBoost classifier's oblivious trees as a Stage (the kernel's scorer reproduces its raw scores)."""
    from catboost import CatBoostClassifier

    model = CatBoostClassifier(loss_function="Logloss", random_seed=0, thread_count=2, verbose=False,
                               allow_writing_files=False, border_count=128, **params)  # fmt: skip
    model.fit(x, y, sample_weight=w)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        model.save_model(str(path), format="json")
        exported = json.loads(path.read_text(encoding="utf-8"))
    scale, biases = exported["scale_and_bias"]
    tests: list[int] = []
    thresholds: list[float] = []
    leaves: list[float] = []
    depth = int(params["depth"])
    for tree in exported["oblivious_trees"]:
        splits = tree["splits"]
        if len(splits) != depth:  # CatBoost stops a tree early when no split gains: pad with a test always false
            splits = splits + [{"float_feature_index": 0, "border": float("inf")}] * (depth - len(splits))
        for split in splits:
            tests.append(int(split["float_feature_index"]))
            thresholds.append(float(split["border"]))
        leaf_values = [scale * v for v in tree["leaf_values"]]
        leaves.extend(leaf_values + [leaf_values[0]] * ((1 << depth) - len(leaf_values)))
    return Stage.of(tests, thresholds, leaves, float(biases[0]), depth)


def _stacked(pages: list[Page], folds: int) -> list[np.ndarray]:
    """Out-of-fold first-stage probabilities of every page (its key's fold trained without it, styles together)."""
    keys = sorted({(p.part, p.key) for p in pages})
    order = np.random.default_rng(0).permutation(len(keys))
    fold_of = {keys[k]: f % folds for f, k in enumerate(order)}
    out: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(folds):
        train = [p for p in pages if fold_of[(p.part, p.key)] != f]
        stage = fit_first(train)
        for j, page in enumerate(pages):
            if fold_of[(page.part, page.key)] == f:
                out[j] = stage.probabilities(page.x) if len(page.x) else np.zeros(0)
    return out


def fit_first(pages: list[Page]) -> Stage:
    """The first stage, fitted on the pages' lines."""
    x = np.concatenate([p.x for p in pages])
    y = np.concatenate([p.y for p in pages])
    w = np.concatenate([p.w for p in pages])
    return _catboost(x, y, w, FIRST)


def _fit(pages: list[Page], threshold: float, second: bool) -> Trees:
    first = fit_first(pages)
    if not second:
        return Trees(first, None, threshold)
    p = _stacked(pages, STACK_FOLDS)
    z = np.concatenate([second_features(q, page.x) for q, page in zip(p, pages, strict=True) if len(q)])
    y = np.concatenate([page.y for page in pages if len(page.x)])
    w = np.concatenate([page.w for page in pages if len(page.x)])
    return Trees(first, _catboost(z, y, w, SECOND), threshold)


def train(pages: list[Page], shared: Path | None = None, threshold: float = THRESHOLD, second: bool = True,
          rounds: int | None = None) -> Trees:  # fmt: skip
    """Both stages on these pages: the first on every line, the second on out-of-fold first-stage probabilities.

    With `rounds` (and the `shared` folder to read the pages again), the model is fitted again on the pages
    as its own cleaning leaves them too: the engine scores a page again after each round of removals, and a
    model that has seen cleaned pages removes less in the later rounds (fewer rounds: faster, and stable).
    """
    model = _fit(pages, threshold, second)
    seen = list(pages)
    for _ in range((ROUNDS if rounds is None else rounds) if shared is not None else 0):
        assert shared is not None
        groups: dict[tuple[str, str], set[str]] = {}
        for page in pages:
            groups.setdefault((page.part, page.style), set()).add(page.key)
        for (part, style), keys in sorted(groups.items()):
            seen += load(shared, part, style, keys, model)
        model = _fit(seen, threshold, second)
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


def save(model: Trees, out: Path) -> None:
    """Write a model as the package reads it."""
    out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--no-news", action="store_true", help="train on the dev pages only")
    args = parser.parse_args()
    write_stopwords()
    model = train(load_all(args.shared, ("dev",) if args.no_news else PARTS), args.shared)
    save(model, args.out)
    trees = model.first.trees + (model.second.trees if model.second else 0)
    print(f"{trees} trees over {len(FEATURES)} + {len(SECOND_FEATURES)} features, "
          f"{args.out.stat().st_size / 1e3:.0f} kB written to {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
