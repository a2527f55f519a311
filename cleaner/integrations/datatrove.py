r"""The datatrove pipeline step: each document's text cleaned as `cleaner clean` cleans a JSONL record.

Install with `pip install 'cleaner[datatrove]'`; the rest of the package never imports datatrove.

The step follows datatrove's conventions for formatters and filters: it cleans `doc.text` in place,
counts per-rule removals and repairs in the step's stats, and drops the documents nothing is left of
(a whole 404 or paywall stub, or a text that cleaning empties), writing them to `exclusion_writer` when
one is given, as datatrove's filters do. The cleaning is the CLI's for a JSONL record: the text ends as
it did (the end-of-file rule TY009 is not applied), and a document that would lose more than
`max_drop_ratio` of its characters is left unchanged (counted as `held`).

>>> from datatrove.data import Document
>>> step = CleanerStep(store_verdicts=True)
>>> docs = [
...     Document(text="Publicité\nLe ministre a parlé lundi à Paris.", id="a", metadata={"lang": "fr"}),
...     Document(text="Harbour Lane Books\n404 - Page not found\nSorry, this page does not exist.", id="b"),
... ]
>>> [(doc.id, doc.text) for doc in step.run(iter(docs))]
[('a', 'Le ministre a parlé lundi à Paris.')]
>>> [(v["code"], v["line"], v["action"]) for v in docs[0].metadata["cleaner"]]
[('NV005', 1, 'drop')]
>>> step.stats["removed_NV005"].total, step.stats["dropped_stub"].total
(1, 1)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - only without the extra
    raise ImportError("cleaner.integrations.datatrove needs datatrove: pip install 'cleaner[datatrove]'") from error

from ..config import Settings, codes, drop_ratio
from ..engine import Config, clean_text, for_records
from ..lang import LANGUAGES
from ..model import Action, Result, Verdict
from ..output import held

__all__ = ["CleanerStep", "verdict_record"]

# datatrove's GlotLID language filter writes ISO 639-3 codes; cleaner's phrase lists use ISO 639-1.
_ISO_639_3 = {"fra": "fr", "eng": "en", "deu": "de", "spa": "es", "ita": "it", "por": "pt"}


def verdict_record(verdict: Verdict) -> dict[str, Any]:
    r"""A verdict as a JSON-serialisable dict (the form `store_verdicts=True` puts in doc.metadata).

    >>> from cleaner import clean_text
    >>> verdict_record(clean_text("Publicité\nLe ministre a parlé lundi à Paris.\n", lang="fr").verdicts[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'code': 'NV005', 'name': 'ad-label', 'line': 1, 'action': 'drop', 'original': 'Publicité', 'replacement': None,
     'reason': 'An advertisement or sponsored-content label ("Publicité", "Anzeige").', 'score': None}
    """
    return {
        "code": verdict.code,
        "name": verdict.name,
        "line": verdict.line,
        "action": verdict.action.value,
        "original": verdict.original,
        "replacement": verdict.replacement,
        "reason": verdict.reason,
        "score": verdict.score,
    }


class CleanerStep(PipelineStep):  # type: ignore[misc]  # datatrove ships no type hints
    """Cleans `doc.text` with cleaner's rules; drops documents that were whole stubs or became empty.

    Args:
        settings: rules, quotes, languages, drop-ratio guard and per-file ignores (`cleaner.Settings`, e.g.
            `cleaner.config.load(Path("cleaner.toml"))`); per-file ignores match `doc.metadata["file_path"]`.
        select, extend_select, ignore: rule codes or prefixes, as the CLI's flags: `select` replaces the
            settings' list, the other two extend it.
        lang: the language of every document, as the CLI's --lang (default: the metadata's, else guessed).
        lang_fields: metadata keys that hold a document's language, the first present wins (datatrove's
            language filter writes "language", with ISO 639-3 codes such as "fra" read as "fr" for its
            GlotLID backend; a JSONL record's "lang" field is read into "lang").
        max_drop_ratio: the drop-ratio guard (default: the settings', 0.9); 1 turns it off.
        store_verdicts: put the verdicts applied to the text, as JSON-serialisable dicts with line numbers in
            the text as read, in `doc.metadata[metadata_key]`; a held document gets `[]` and
            `doc.metadata[metadata_key + "_held"] = True`.
        exclusion_writer: a datatrove writer for the dropped documents, with their text as read and
            `metadata["filter_reason"]` ("stub" or "empty").

    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        lang: str | None = None,
        lang_fields: Sequence[str] = ("language", "lang"),
        max_drop_ratio: float | None = None,
        store_verdicts: bool = False,
        metadata_key: str = "cleaner",
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__()
        settings = settings or Settings()
        values: dict[str, Any] = {}
        if select is not None:
            values["select"] = codes(_strings(select), "CleanerStep(select=...)")
        if extend_select is not None:
            values["extend_select"] = settings.extend_select + codes(_strings(extend_select), "extend_select")
        if ignore is not None:
            values["ignore"] = settings.ignore + codes(_strings(ignore), "CleanerStep(ignore=...)")
        if max_drop_ratio is not None:
            values["max_drop_ratio"] = drop_ratio(max_drop_ratio, "CleanerStep(max_drop_ratio=...)")
        self.settings = replace(settings, **values)
        self.lang = lang
        self.lang_fields = tuple(lang_fields)
        self.store_verdicts = store_verdicts
        self.metadata_key = metadata_key
        self.exclusion_writer = exclusion_writer
        self._configs: dict[str | None, Config] = {}

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Clean each document and yield those with text left; the others go to the exclusion writer."""
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    result = clean_text(doc.text, lang=self._language(doc), config=self._config(doc))
                reason = self._apply(doc, result)
                if reason is None:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self.stat_update(StatHints.dropped, f"dropped_{reason}")
                    if writer is not None:
                        doc.metadata["filter_reason"] = reason
                        writer.write(doc, rank)

    def _apply(self, doc: Document, result: Result) -> str | None:
        """Update the document and the stats; the reason to drop it, or None to keep it."""
        guarded = held(result, self.settings.max_drop_ratio)
        if guarded:
            self.stat_update("held")
        else:
            for verdict in result.verdicts:
                self.stat_update(f"{'removed' if verdict.action is Action.DROP else 'repaired'}_{verdict.code}")
        if self.store_verdicts:
            doc.metadata[self.metadata_key] = [] if guarded else [verdict_record(v) for v in result.verdicts]
            if guarded:
                doc.metadata[self.metadata_key + "_held"] = True
        if result.stub:
            return "stub"  # the text as read goes to the exclusion writer
        text = result.original if guarded else result.text
        if not text.strip():
            return "empty"
        self.stat_update("changed" if text != doc.text else "unchanged")
        doc.text = text
        return None

    def _language(self, doc: Document) -> str | None:
        """`lang=` when given (it forces, as the CLI's --lang), else the metadata's, else None (a guess)."""
        if self.lang is not None:
            return self.lang
        for key in self.lang_fields:
            value = doc.metadata.get(key)
            if isinstance(value, str) and value:
                return value if value in LANGUAGES else _ISO_639_3.get(value, value)
        return None

    def _config(self, doc: Document) -> Config:
        """The engine configuration for the document's file (per-file ignores), cached per file."""
        path = doc.metadata.get("file_path") if self.settings.per_file_ignores else None
        key = path if isinstance(path, str) else None
        config = self._configs.get(key)
        if config is None:
            config = self.settings.engine_config(PurePath(key) if key is not None else None)
            config = for_records(config)  # the text ends as it did, as the CLI cleans JSONL records
            self._configs[key] = config
        return config


def _strings(values: Sequence[str]) -> list[str]:
    return [values] if isinstance(values, str) else list(values)
