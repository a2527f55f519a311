"""The line-quality stage (LQ): the shipped model, its features, its scores, and idempotence on the dev pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cleaner import clean_text
from cleaner.lq.features import FEATURES, features
from cleaner.lq.model import MODEL_FILE, active, shipped, use
from cleaner.lq.text import line_stats, vocabulary
from cleaner.rules import quality
from cleaner.rules.base import DocView, LineView
from cleaner.rules.folding import fold
from cleaner.rules.quality import MIN_LINES, _low_quality, _Memory, cue_words

_PAGE = quality._PAGE.split("\n")  # section labels, ten sentences of an article, teaser headlines and dates


def _doc(lines: list[str], lang: str | None = "en") -> DocView:
    return DocView([LineView(i, text, not text.strip()) for i, text in enumerate(lines)], lang)


def _features(lines: list[str], lang: str | None = "en") -> np.ndarray:
    return features(lines, [fold(line) for line in lines], lang, cue_words(lang))


def test_model_file_is_small_and_matches_the_features() -> None:
    assert MODEL_FILE.stat().st_size < 1_000_000
    model = shipped()
    assert model.features.max() < len(FEATURES)
    assert len(model.leaves) == len(model.features) // model.depth
    assert 0 < model.threshold < 1


def test_scores_are_probabilities() -> None:
    p = shipped().probabilities(_features(_PAGE))
    assert p.shape == (len(_PAGE),)
    assert ((p >= 0) & (p <= 1)).all()
    assert min(p[3:13]) > max(p[1:3])  # the article's sentences score above the section labels


def test_features_are_deterministic_and_ignore_apostrophe_style() -> None:
    lines = [*_PAGE, "L'ONG d'Amnesty l'a dit à l'AFP."]
    typographic = [line.replace("'", "’") for line in lines]
    x = _features(lines, "fr")
    assert x.shape == (len(lines), len(FEATURES))
    assert np.isfinite(x).all()
    assert np.array_equal(x, _features(lines, "fr"))
    assert np.array_equal(x, _features(typographic, "fr"))


def test_statistics_of_a_subset_give_the_features_computed_on_it() -> None:
    keys = [fold(line) for line in _PAGE]
    rows = np.array([0, 2, 3, 5, 8, 9, 14, 15])
    texts, subset_keys = [_PAGE[i] for i in rows], [keys[i] for i in rows]
    vocab, cues = vocabulary("en", cue_words("en")), cue_words("en")
    subset = line_stats(_PAGE, keys, vocab).subset(rows)
    assert np.array_equal(subset.stats, line_stats(texts, subset_keys, vocab).stats)
    assert np.array_equal(features(texts, subset_keys, "en", cues, subset), features(texts, subset_keys, "en", cues))


def test_later_passes_score_as_a_fresh_document() -> None:
    doc = _doc(_PAGE)
    memory = _Memory()
    model = active()
    memory.scores(doc, doc.kept(), model)
    doc.dropped.update({0: "NV001", 8: "NV001"})
    again = memory.scores(doc, doc.kept(), model)
    assert again == _Memory().scores(doc, doc.kept(), model)


def test_removals_carry_their_score() -> None:
    result = clean_text("\n".join(_PAGE), lang="en")
    scored = [v for v in result.removed if v.code == "LQ001"]
    assert scored, result.verdicts
    assert all(v.score is not None and 0 <= v.score < shipped().threshold for v in scored)


def test_never_every_line_and_not_short_documents() -> None:
    with use(replace(shipped(), threshold=1.1)):  # every line scores below this
        assert list(_low_quality(_doc(_PAGE))) == []
    with use(replace(shipped(), threshold=0.5)):
        assert list(_low_quality(_doc(_PAGE[: MIN_LINES - 1]))) == []
        assert list(_low_quality(_doc(_PAGE)))


@pytest.mark.parametrize("style", ["blocks", "markdownish"])
def test_idempotent_on_the_dev_pages(shared: Path, style: str) -> None:
    for path in sorted((shared / "bench" / "dev" / style).glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8")).text
        assert clean_text(once).text == once, path.name
