"""The datatrove step: a real LocalPipelineExecutor over JSONL shards gives the CLI's texts, stats and drops."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import Config, Settings, clean_file, clean_text
from cleaner.config import ConfigError
from cleaner.integrations.datatrove import CleanerStep, verdict_record
from cleaner.output import held

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "cleaner"
EXAMPLE = ROOT / "examples" / "datatrove_pipeline.py"

CHROME = (
    "We use cookies to personalise content and ads and to analyse our traffic. You can change your preferences "
    "at any time.\nAccept all\nReject all\nManage preferences\n"
    "Sign up for our daily newsletter and get the top stories delivered to your inbox every morning.\n"
    "Download our app for breaking news alerts on your phone.\n"
    "Follow us on Twitter, Facebook and Instagram for the latest news from our newsroom.\n"
    "Share this article\n"
    "Read more: Why do websites keep asking about cookies and what can you do about it?\n"
    "Privacy Policy\nCookie Settings\n© 2024 Northern Standard Media. All rights reserved.\n"
)
STUB = "Harbour Lane Books\n404 - Page not found\nSorry, this page does not exist.\nPrivacy Policy\n"
RECORDS_A = [
    {
        "id": "fr-article",
        "lang": "fr",
        "url": "https://example.org/fr",
        "text": "Syrie : la Russie rejette les accusations d'Amnesty International\nSuivez-nous sur Twitter\n"
        "Le ministre a parlé\u00a0lundi à Paris de la réforme des retraites, selon son entourage.\nPublicité\n"
        "La suite du texte est ici, dit-il, et il a ajouté que tout allait bien pour le pays.",
    },
    {"id": "clean", "text": "Une ligne sans rien à enlever, écrite par la rédaction.", "lang": "fr"},
    # One sentence of news in a page of chrome: it would lose 96% of its characters, so the guard holds it.
    {"id": "held", "text": "Markets rose on Monday.\n" + CHROME},
]
RECORDS_B = [
    {"id": "stub", "text": STUB},
    {
        "id": "en-article",  # no language field: guessed, as the CLI does
        "text": "Storm leaves thousands without power\r\nWe use cookies to improve your experience.\r\nOK\r\n"
        "The storm hit the coast on Monday night, and officials said thousands were without power.\r\n"
        "Share this article\r\n",
    },
    {
        "id": "de-article",
        "language": "de",  # the key datatrove's language filter writes; the CLI reads only "lang"
        "lang": "de",
        "text": "Die Bahn erhöht die Preise\nAnzeige\n"
        "Die Bahn erhöht zum Jahreswechsel die Preise im Fernverkehr deutlich, teilte das Unternehmen mit.\n",
    },
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def read_jsonl(folder: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle]
    return records


def stat_totals(logging_dir: Path, step: str) -> dict[str, float]:
    """The merged stats of one step, as datatrove saved them for the whole run."""
    steps = json.loads((logging_dir / "stats.json").read_text(encoding="utf-8"))
    (found,) = [s for s in steps if s["name"].endswith(step)]
    return {name: v if isinstance(v, (int, float)) else v["total"] for name, v in found["stats"].items()}


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shards")
    write_jsonl(folder / "input" / "a.jsonl", RECORDS_A)
    write_jsonl(folder / "input" / "b.jsonl", RECORDS_B)
    return folder


@pytest.fixture(scope="module")
def cli_texts(shards: Path) -> dict[str, str]:
    """Each record's text as `cleaner clean SHARD -o OUT` writes it, by id."""
    inputs = sorted((shards / "input").glob("*.jsonl"))
    done = subprocess.run(
        [str(SCRIPT), "clean", *map(str, inputs), "-o", str(shards / "cli")], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return {r["id"]: r["text"] for r in read_jsonl(shards / "cli")}


@pytest.fixture(scope="module")
def pipeline_run(shards: Path) -> Path:
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(shards / "input")),
            CleanerStep(store_verdicts=True, exclusion_writer=JsonlWriter(str(shards / "removed"), compression=None)),
            JsonlWriter(str(shards / "clean"), compression=None),
        ],
        tasks=2,
        logging_dir=str(shards / "logs"),
    ).run()
    return shards


def test_two_tasks_give_the_cli_texts_byte_for_byte(pipeline_run: Path, cli_texts: dict[str, str]) -> None:
    records = read_jsonl(pipeline_run / "clean")
    assert sorted(f.name for f in (pipeline_run / "clean").iterdir()) == ["00000.jsonl", "00001.jsonl"]  # 2 tasks
    cleaned = {r["id"]: r["text"] for r in records}
    assert cleaned.keys() == {i for i, text in cli_texts.items() if text.strip()}
    for key, text in cleaned.items():
        assert text.encode("utf-8") == cli_texts[key].encode("utf-8"), key
    originals = {r["id"]: r["text"] for r in RECORDS_A + RECORDS_B}
    assert cleaned["clean"] == originals["clean"] and cleaned["held"] == originals["held"]
    assert cleaned["fr-article"] != originals["fr-article"] and "\r\n" in cleaned["en-article"]
    assert not cleaned["fr-article"].endswith("\n")  # a record's text ends as it did (TY009 is for files)


def test_stubs_are_dropped_to_the_exclusion_writer(pipeline_run: Path, cli_texts: dict[str, str]) -> None:
    assert cli_texts["stub"].strip() == ""  # the CLI empties the stub record; the step drops it
    (removed,) = read_jsonl(pipeline_run / "removed")
    assert removed["id"] == "stub" and removed["text"] == STUB  # the text as read
    assert removed["metadata"]["filter_reason"] == "stub"
    assert {v["code"] for v in removed["metadata"]["cleaner"]} >= {"NF001", "NF004"}


def test_stats_count_removals_per_rule_as_the_cli_report(pipeline_run: Path) -> None:
    results = [r for shard in sorted((pipeline_run / "input").glob("*.jsonl")) for r in clean_file(shard)]
    expected = Counter(
        f"{'removed' if v in r.removed else 'repaired'}_{v.code}"
        for r in results
        if not held(r, Settings().max_drop_ratio)
        for v in r.verdicts
    )
    stats = stat_totals(pipeline_run / "logs", "cleaner")
    assert {k: v for k, v in stats.items() if k.startswith(("removed_", "repaired_"))} == expected
    assert expected["removed_NV005"] == 2 and expected["repaired_TY006"] == 1 and expected["removed_NF004"] >= 1
    assert stats["total"] == 6 and stats["forwarded"] == 5 and stats["dropped"] == stats["dropped_stub"] == 1
    assert stats["held"] == 1 and stats["changed"] == 3 and stats["unchanged"] == 2


def test_verdicts_are_stored_in_the_metadata(pipeline_run: Path) -> None:
    records = {r["id"]: r for r in read_jsonl(pipeline_run / "clean")}
    fr = records["fr-article"]
    expected = clean_text(RECORDS_A[0]["text"], lang="fr", config=Config(ignore=("TY009",)))
    assert fr["metadata"]["cleaner"] == [verdict_record(v) for v in expected.verdicts]
    assert [v["code"] for v in fr["metadata"]["cleaner"] if v["action"] == "drop"] == ["SO001", "NV005"]
    assert records["held"]["metadata"]["cleaner"] == [] and records["held"]["metadata"]["cleaner_held"] is True
    assert records["clean"]["metadata"]["cleaner"] == [] and "cleaner_held" not in records["clean"]["metadata"]
    json.dumps(fr["metadata"])  # serialisable as it is


def test_example_pipeline_runs(tmp_path: Path, cli_texts: dict[str, str]) -> None:
    write_jsonl(tmp_path / "in" / "part.jsonl", RECORDS_A[:2] + RECORDS_B[:1])
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path / "in"), str(tmp_path / "out"), "--tasks", "1"],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    texts = {r["id"]: r["text"] for r in read_jsonl(tmp_path / "out" / "clean")}
    assert texts == {key: cli_texts[key] for key in ("fr-article", "clean")}
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "removed")] == ["stub"]


# ---------------------------------------------------------------- the step alone, without an executor


def run_step(step: CleanerStep, *docs: Document) -> list[Document]:
    return list(step.run(iter(docs)))


def test_a_text_cleaning_empties_is_dropped_when_the_guard_is_off() -> None:
    step = CleanerStep(max_drop_ratio=1)
    kept = run_step(step, Document("Publicité\nSuivez-nous sur Twitter\n", "1", metadata={"lang": "fr"}))
    assert kept == [] and step.stats["dropped_empty"].total == 1
    guarded = CleanerStep()  # with the guard, the same text is held unchanged, as the CLI leaves it
    assert [d.text for d in run_step(guarded, Document("Publicité\nSuivez-nous sur Twitter\n", "1"))] == [
        "Publicité\nSuivez-nous sur Twitter\n"
    ]


def test_rule_options_extend_the_settings_like_the_cli_flags() -> None:
    text = "Publicité\nSuivez-nous sur Twitter\nLe ministre a parlé lundi à Paris de la réforme.\n"
    ignored = run_step(CleanerStep(Settings(ignore=("SO",)), ignore=["nv005"]), Document(text, "1"))
    assert ignored[0].text == text
    selected = run_step(CleanerStep(select="NV"), Document(text, "1"))
    assert selected[0].text == "Suivez-nous sur Twitter\nLe ministre a parlé lundi à Paris de la réforme.\n"
    with pytest.raises(ConfigError, match="XX999"):
        CleanerStep(ignore=["XX999"])


def test_language_comes_from_the_option_then_the_metadata() -> None:
    docs = [
        Document("Le texte.", "1", metadata={"language": "fra", "lang": "en"}),  # GlotLID's code, first key
        Document("Le texte.", "2", metadata={"lang": "it"}),
        Document("Le texte.", "3"),
    ]
    assert [CleanerStep()._language(d) for d in docs] == ["fr", "it", None]
    assert [CleanerStep(lang="de")._language(d) for d in docs] == ["de", "de", "de"]  # forced, as --lang
    text = "Die Bahn erhöht die Preise\nAnzeige\nDie Bahn erhöht zum Jahreswechsel die Preise deutlich.\n"
    forced = run_step(CleanerStep(lang="de"), Document(text, "4", metadata={"lang": "en"}))
    assert "Anzeige" not in forced[0].text
    assert "Anzeige" in run_step(CleanerStep(), Document(text, "5", metadata={"lang": "en"}))[0].text


def test_per_file_ignores_follow_the_file_path(tmp_path: Path) -> None:
    settings = Settings(per_file_ignores=(("forums/*", ("NV005",)),), root=tmp_path)
    step = CleanerStep(settings)
    text = "Publicité\nLe ministre a parlé lundi à Paris de la réforme.\n"
    forum = Document(text, "1", metadata={"file_path": str(tmp_path / "forums" / "a.jsonl")})
    news = Document(text, "2", metadata={"file_path": str(tmp_path / "news" / "a.jsonl")})
    assert [d.text for d in run_step(step, forum, news)] == [text, text.split("\n", 1)[1]]


def test_the_base_package_never_imports_datatrove() -> None:
    code = (
        "import sys, cleaner, cleaner.cli.main, cleaner.runner, cleaner.integrations; cleaner.clean_file; "
        "sys.exit(any(m.split('.')[0] == 'datatrove' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
