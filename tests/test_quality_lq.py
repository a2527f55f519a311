"""The line-quality stage (LQ): the shipped model, its kernels (compiled and as Python), its scores, idempotence."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.lq import forest, rows, stats
from cleaner.lq.features import FEATURES, SECOND_FEATURES, features, second_features
from cleaner.lq.model import MODEL_FILE, Stage, Trees, shipped, use
from cleaner.rules import quality
from cleaner.rules.folding import fold

_PAGE = quality._PAGE.split("\n")  # section labels, ten sentences of an article, teaser headlines and dates


def _features(lines: list[str], lang: str | None = "en") -> np.ndarray:
    return features(lines, [fold(line) for line in lines], lang, quality.cue_words(lang))


def _measure(lines: list[str], kept: list[int], lang: str | None = "en") -> stats.LineData:
    return stats.measure(lines, [fold(line) for line in lines], kept, quality._vocabulary(lang))


def test_model_file_is_small_and_matches_the_features() -> None:
    assert MODEL_FILE.stat().st_size < 1_000_000
    model = shipped()
    assert max(model.first.features) < len(FEATURES)
    assert len(model.first.leaves) == model.first.trees << model.first.depth
    assert model.second is not None
    assert max(model.second.features) < len(SECOND_FEATURES)
    assert 0 < model.threshold < 1
    assert Trees.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_scores_are_probabilities_and_the_article_scores_above_the_labels() -> None:
    data = _measure(_PAGE, list(range(len(_PAGE))))
    p = shipped().scores(data, list(range(len(_PAGE))))
    assert len(p) == len(_PAGE)
    assert all(0 <= v <= 1 for v in p)
    assert min(p[3:13]) > max(p[1:3])  # the article's sentences score above the section labels


def test_the_kernel_scores_as_the_stages_score_the_matrices() -> None:
    model = shipped()
    assert model.second is not None
    x = _features(_PAGE)
    first = model.first.probabilities(x)
    expected = model.second.probabilities(second_features(first, x))
    got = model.scores(_measure(_PAGE, list(range(len(_PAGE)))), list(range(len(_PAGE))))
    assert list(got) == list(expected)
    without = Trees(model.first, None, model.threshold)
    assert list(without.scores(_measure(_PAGE, list(range(len(_PAGE)))), list(range(len(_PAGE))))) == list(first)


def test_features_are_deterministic_and_ignore_apostrophe_style() -> None:
    lines = [*_PAGE, "L'ONG d'Amnesty l'a dit à l'AFP."]
    typographic = [line.replace("'", "’") for line in lines]
    x = _features(lines, "fr")
    assert x.shape == (len(lines), len(FEATURES))
    assert np.isfinite(x).all()
    assert np.array_equal(x, _features(lines, "fr"))
    assert np.array_equal(x, _features(typographic, "fr"))


def test_statistics_of_a_subset_give_the_features_computed_on_it() -> None:
    subset = [0, 2, 3, 5, 8, 9, 14, 15]
    data = _measure(_PAGE, list(range(len(_PAGE))))
    x = np.frombuffer(rows.matrix(data, subset), np.float64).reshape(len(subset), len(FEATURES))
    assert np.array_equal(x, _features([_PAGE[i] for i in subset]))
    model = shipped()
    fresh = model.scores(_measure([_PAGE[i] for i in subset], list(range(len(subset)))), list(range(len(subset))))
    assert list(model.scores(data, subset)) == list(fresh)  # a later round scores as a fresh document


def test_second_stage_features_read_the_neighbours() -> None:
    p = np.array([0.9, 0.1, 0.2, 0.8, 0.05])
    x = np.zeros((5, len(FEATURES)))
    z = second_features(p, x)
    names = {name: c for c, name in enumerate(SECOND_FEATURES)}
    assert z[0, names["prev_p"]] == -1 and z[4, names["next_p"]] == -1  # past the page's edge
    assert z[2, names["prev_p"]] == 0.1 and z[2, names["next2_p"]] == 0.05
    assert z[1, names["log_doubtful_run"]] == z[2, names["log_doubtful_run"]] == math.log1p(2)
    assert z[3, names["log_doubtful_run"]] == 0
    assert z[0, names["page_doubtful_share"]] == 3 / 5
    assert z[2, names["window3_p"]] == pytest.approx((0.9 + 0.1 + 0.8 + 0.05) / 4)
    assert z[2, names["best_above3_p"]] == 0.9 and z[2, names["best_below3_p"]] == 0.8


def test_removals_carry_their_score() -> None:
    result = clean_text("\n".join(_PAGE), lang="en")
    scored = [v for v in result.removed if v.code == "LQ001"]
    assert scored, result.verdicts
    assert all(v.score is not None and 0 <= v.score < shipped().threshold for v in scored)


def test_never_every_line_and_not_short_documents() -> None:
    text = "\n".join(_PAGE)
    with use(replace(shipped(), threshold=1.1)):  # every line scores below this
        assert not [v for v in clean_text(text, lang="en").removed if v.code == "LQ001"]
    with use(replace(shipped(), threshold=0.5)):
        short = "\n".join(_PAGE[: quality.MIN_LINES - 1])
        assert not [v for v in clean_text(short, lang="en").removed if v.code == "LQ001"]
        assert [v for v in clean_text(text, lang="en").removed if v.code == "LQ001"]


def test_kept_lines_the_model_was_unsure_about_carry_their_score() -> None:
    result = clean_text("\n".join(_PAGE), lang="en")
    kept = result.text.split("\n")
    removed = {v.line for v in result.removed}
    assert result.unsure, "the page has lines near the threshold"
    for line, score in result.unsure:
        assert line not in removed and _PAGE[line - 1] in kept
        assert 0 <= score < shipped().threshold + quality.UNSURE_MARGIN
    with use(replace(shipped(), threshold=0.0)):  # nothing scores below 0: no removal, and no line near
        assert not clean_text("\n".join(_PAGE), lang="en").unsure


def test_documents_longer_than_a_page_get_the_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(_PAGE)
    with use(replace(shipped(), threshold=0.5)):
        assert [v for v in clean_text(text, lang="en").removed if v.code == "LQ001"]
        monkeypatch.setattr(quality, "MAX_LINES", len(_PAGE) - 1)
        assert not [v for v in clean_text(text, lang="en").removed if v.code == "LQ001"]


def test_a_stage_round_trips_through_json() -> None:
    stage = Stage.of([0, 3, 1, 2], [0.5, -1.0, 2.0, 0.25], [float(v) for v in range(16)], -0.5, 4)
    assert Stage.from_json(json.loads(json.dumps(stage.to_json(FEATURES))), FEATURES) == stage
    with pytest.raises(ValueError, match="other features"):
        Stage.from_json(stage.to_json(FEATURES[:-1]), FEATURES)


@pytest.mark.parametrize("style", ["blocks", "markdownish"])
def test_idempotent_on_the_dev_pages(shared: Path, style: str) -> None:
    for path in sorted((shared / "bench" / "dev" / style).glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8")).text
        assert clean_text(once).text == once, path.name


# ------------------------------------------------------------------ compiled and pure-Python kernels agree

# A process whose kernels (cleaner.kernels.KERNELS) load from their .py sources, never from the compiled
# extensions beside them: it reads documents as JSON lines and answers the model's numbers, as hex floats.
_PURE_WORKER = r"""
import importlib.util, json, os, sys
from cleaner.kernels import KERNELS

class PurePython:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in KERNELS and path:
            return importlib.util.spec_from_file_location(name, os.path.join(path[0], name.rpartition(".")[2] + ".py"))
        return None

sys.meta_path.insert(0, PurePython)
sys.path.insert(0, os.path.join(os.getcwd(), "tests"))
from test_quality_lq import _answer
from cleaner.lq import forest, rows, stats
assert all(m.__file__.endswith(".py") for m in (forest, rows, stats)), "compiled kernels loaded"
print("ready", flush=True)
for line in sys.stdin:
    print(json.dumps(_answer(json.loads(line))), flush=True)
"""


def _answer(doc: Mapping[str, object]) -> dict[str, list[str]]:
    """The model's numbers for a document: features of all its lines and of a subset, and both stages' scores."""
    lines = [str(line) for line in doc["lines"]]  # type: ignore[attr-defined]
    lang = doc["lang"] if isinstance(doc["lang"], str) else None
    content = [i for i, line in enumerate(lines) if line.strip()]
    data = _measure(lines, content, lang)
    subset = content[::2]
    model = shipped()
    out: dict[str, list[str]] = {}
    for name, kept in (("all", content), ("subset", subset)):
        out[f"{name} rows"] = [v.hex() for v in rows.matrix(data, kept)]
        out[f"{name} scores"] = [v.hex() for v in model.scores(data, kept)]
    out["below"] = [str(r) for r in forest.below(array("d", [float.fromhex(v) for v in out["all scores"]]), 0.5)]
    return out


@pytest.fixture(scope="module")
def pure_python() -> Iterator[subprocess.Popen[str]]:
    root = Path(__file__).resolve().parent.parent
    worker = subprocess.Popen([sys.executable, "-c", _PURE_WORKER], cwd=root, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    yield worker
    assert worker.stdin is not None
    worker.stdin.close()
    worker.wait(timeout=30)


def test_this_process_runs_the_compiled_kernels() -> None:
    if not all(m.__file__ and not m.__file__.endswith(".py") for m in (forest, rows, stats)):
        pytest.fail("the LQ kernels are not compiled here: rebuild them (make, or setup.py build_ext --inplace)")


_WORD = st.sampled_from(
    "the council voted on Tuesday to close old bridge Sport Lokales 12.03.2021 14:30 www.example.com "
    "© | › » « “ ” ’ ' - • * # 2019 1999 Read more Share Facebook Teilen Datenschutz l'été Straße "
    "NEWS Ältere Beiträge 10 23 €".split()
)
_LINE = st.one_of(
    st.lists(_WORD, max_size=25).map(" ".join),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(_PAGE),
    st.just(""),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE.map(lambda s: s.replace("\n", " ").replace("\r", " ")), min_size=1, max_size=40),
       lang=st.sampled_from(["en", "de", "fr", None]))  # fmt: skip
def test_compiled_and_pure_python_kernels_agree(pure_python: subprocess.Popen[str], lines: list[str],
                                                lang: str | None) -> None:  # fmt: skip
    assert pure_python.stdin is not None and pure_python.stdout is not None
    doc = {"lines": lines, "lang": lang}
    pure_python.stdin.write(json.dumps(doc) + "\n")
    pure_python.stdin.flush()
    assert json.loads(pure_python.stdout.readline()) == _answer(doc)
