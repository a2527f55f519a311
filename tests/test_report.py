"""--report: the JSON report against its documented schema, determinism, Markdown, and the HTML page's data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from cleaner import clean_text
from cleaner.cli.main import app
from cleaner.events import DocumentEvent, FileOutcome
from cleaner.output import Mode, Options
from cleaner.report.builder import ReportBuilder
from cleaner.report.html import segments
from cleaner.rules import quality

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "report.schema.json"
SCHEMA_DOC = ROOT / "docs" / "report-schema.md"

ARTICLE = (
    "Accueil › Monde › Europe\n"
    "Le ministre a parlé\u00a0lundi à Paris devant les députés réunis en commission.\n"
    "Publicité\n"
    "La réforme sera présentée au conseil des ministres la semaine prochaine, a-t-il ajouté.\n"
    "Suivez-nous sur Twitter\n"
)
PLAIN = "Une ligne sans rien à enlever, dans un texte qui parle de la pluie et du beau temps.\n"
STUB = "Harbour Lane Books\n404 - Page not found\nSorry, this page does not exist.\n"
# Mostly chrome around one sentence: more than --max-drop-ratio 0.5 would go, so the guard holds it back.
HELD = (
    "We use cookies to personalise content and ads and to analyse our traffic.\n"
    "Accept all\nReject all\nManage preferences\nHome › Technology › Privacy\n"
    "Sign up for our daily newsletter and get the top stories delivered to your inbox every morning.\n"
    "The council approved the new cycle lanes on Tuesday after a long debate.\n"
    "Privacy Policy\nTerms of Use\nContact\n"
)
SCRIPT_LINE = "Lire aussi : </script><script>alert(1)</script> | *pipe* & <b>"  # a read-also teaser, removed
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
RECORDS = [
    {"id": 1, "url": "https://example.org/a", "lang": "fr", "text": ARTICLE},
    {"id": 2, "lang": "fr", "text": PLAIN},
    {"id": 3, "url": "https://example.org/c", "lang": "fr", "text": "Publicité\n" + PLAIN},
]


def corpus(root: Path) -> Path:
    """Every status: changed, unchanged, stub, held (with --max-drop-ratio 0.5), error, and a JSONL file."""
    files: dict[str, bytes] = {
        "a-article.txt": ARTICLE.encode(),
        "b-plain.txt": PLAIN.encode(),
        "c-stub.txt": STUB.encode(),
        "d-held.txt": HELD.encode(),
        "e-image.txt": PNG,
        "f-records.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS).encode(),
        "sub/g-script.txt": (SCRIPT_LINE + "\n" + PLAIN).encode(),
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def invoke(*args: str, stdin: str | None = None) -> CliResult:
    return CliRunner().invoke(app, list(args), input=stdin)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("corpus"))


def run_report(inputs: Path, report: Path, *extra: str, command: str = "check") -> CliResult:
    args = [command, str(inputs), "--max-drop-ratio", "0.5", "--report", str(report), *extra]
    if command == "clean":
        args += ["-o", str(report.parent / "cleaned")]
    return invoke(*args)


@pytest.fixture(scope="module")
def json_report(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("report") / "report.json"
    result = run_report(inputs, path)
    assert result.exit_code == 2, result.output  # the PNG cannot be read
    assert f"report written to {path}" in result.output
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_json_report_validates_against_the_documented_schema(json_report: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json_report)


def test_the_models_scores_are_in_the_report(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(quality._PAGE + "\n", encoding="utf-8")
    expected = clean_text(quality._PAGE + "\n")
    assert expected.unsure and any(v.code == "LQ001" for v in expected.removed)
    path = tmp_path / "report.json"
    result = invoke("check", str(page), "--report", str(path))
    assert result.exit_code == 1, result.output
    assert "[low-quality-line] removes (score 0." in result.output
    report = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(report)
    (doc,) = report["files"][0]["changed_documents"]
    assert [(c["line"], c["score"]) for c in doc["changes"] if c["code"] == "LQ001"] == [
        (v.line, v.score) for v in expected.removed if v.code == "LQ001"
    ]
    assert all(c["score"] is None for c in doc["changes"] if c["code"] != "LQ001")
    lines = quality._PAGE.split("\n")
    assert doc["unsure"] == [{"line": n, "score": s, "text": lines[n - 1]} for n, s in expected.unsure]


def test_every_schema_field_is_documented() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    documented = SCHEMA_DOC.read_text(encoding="utf-8")
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"fields of {SCHEMA.name} not explained in {SCHEMA_DOC.name}: {missing}"


def test_json_report_has_every_status_and_change(json_report: dict[str, Any], inputs: Path) -> None:
    files = {Path(f["path"]).name: f for f in json_report["files"]}
    assert [Path(f["path"]).relative_to(inputs).as_posix() for f in json_report["files"]] == [
        "a-article.txt",
        "b-plain.txt",
        "c-stub.txt",
        "d-held.txt",
        "e-image.txt",
        "f-records.jsonl",
        "sub/g-script.txt",
    ]
    statuses = {name: f["status"] for name, f in files.items()}
    assert statuses == {
        "a-article.txt": "changed",
        "b-plain.txt": "unchanged",
        "c-stub.txt": "stub",
        "d-held.txt": "held",
        "e-image.txt": "error",
        "f-records.jsonl": "changed",
        "g-script.txt": "changed",
    }
    article = files["a-article.txt"]
    counts = (article["lines_before"], article["lines_after"], article["lines_removed"], article["repairs"])
    assert counts == (5, 2, 3, 1)
    assert article["chars_before"] == len(ARTICLE) and 0 < article["removed_share"] < 0.5
    changes = article["changed_documents"][0]["changes"]
    assert [(c["line"], c["code"], c["action"]) for c in changes] == [
        (1, "NV002", "removed"),
        (2, "TY006", "repaired"),
        (3, "NV005", "removed"),
        (5, "SO001", "removed"),
    ]
    repair = changes[1]
    assert repair["original"] == ARTICLE.splitlines()[1]
    assert repair["repaired"] == ARTICLE.splitlines()[1].replace("\u00a0", " ")
    assert repair["family"] == "TY" and repair["name"] == "stray-nbsp" and repair["reason"]
    assert files["b-plain.txt"]["changed_documents"] == []
    held = files["d-held.txt"]
    assert held["chars_after"] == held["chars_before"] and held["removed_share"] == 0
    (document,) = held["changed_documents"]
    assert document["status"] == "held" and document["guard_share"] > 0.5 and document["changes"]
    image = files["e-image.txt"]
    assert image["format"] is None and "binary" in image["error"]
    records = files["f-records.jsonl"]
    assert records["documents"] == 3
    assert [(d["record"], d["url"]) for d in records["changed_documents"]] == [
        (1, "https://example.org/a"),
        (3, "https://example.org/c"),
    ]


def test_json_totals_add_up(json_report: dict[str, Any]) -> None:
    totals = json_report["run"]["totals"]
    files = json_report["files"]
    assert totals["files"] == len(files) == sum(totals[s] for s in ("changed", "unchanged", "stub", "held", "error"))
    for key in ("lines_before", "lines_after", "lines_removed", "repairs", "chars_before", "chars_after"):
        assert totals[key] == sum(f[key] for f in files), key
    applied = [
        c for f in files for d in f["changed_documents"] if d["status"] != "held" for c in d["changes"]
    ]  # held documents list their changes, but none was applied
    assert totals["lines_removed"] == sum(c["action"] == "removed" for c in applied)
    assert sum(totals["changes_by_rule"].values()) == len(applied)
    assert set(json_report["rules"]) >= set(totals["changes_by_rule"])
    run = json_report["run"]
    assert run["command"] == "check" and run["mode"] == "check" and run["configuration"]["max_drop_ratio"] == 0.5


def test_changes_are_the_findings_of_check(inputs: Path, json_report: dict[str, Any]) -> None:
    result = invoke("check", str(inputs), "--max-drop-ratio", "0.5", "--output-format", "json")
    findings = [
        (f["path"], f["text_line"] or f["line"], f["code"]) for f in json.loads(result.stdout) if f["code"] != "HELD"
    ]
    changes = [
        (f["path"], c["line"], c["code"])
        for f in json_report["files"]
        for d in f["changed_documents"]
        if d["status"] != "held"
        for c in d["changes"]
    ]
    assert sorted(changes) == sorted(findings)


def without_time(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)


@pytest.mark.parametrize("suffix", [".json", ".html", ".md"])
def test_reports_are_deterministic(inputs: Path, tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    run_report(inputs, first)
    run_report(inputs, second)
    one, two = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    assert without_time(one) == without_time(two)
    assert one.count("TIME") == 0 and without_time(one).count("TIME") == 1  # the timestamp is the only variable


def test_source_date_epoch_fixes_the_timestamp(inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_report(inputs, tmp_path / "report.json")
    assert json.loads((tmp_path / "report.json").read_text())["run"]["generated"] == "2023-11-14T22:13:20Z"


def test_clean_reports_what_check_reports(inputs: Path, tmp_path: Path, json_report: dict[str, Any]) -> None:
    result = run_report(inputs, tmp_path / "clean.json", command="clean")
    assert result.exit_code == 2, result.output
    cleaned = json.loads((tmp_path / "clean.json").read_text(encoding="utf-8"))
    assert (cleaned["run"]["command"], cleaned["run"]["mode"]) == ("clean", "output")
    assert cleaned["files"] == json_report["files"]
    assert cleaned["run"]["totals"] == json_report["run"]["totals"]


def test_markdown_report(inputs: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    run_report(inputs, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# cleaner report\n")
    assert "| files | 7 |" in text and "| &nbsp;&nbsp;held back by the drop-ratio guard | 1 |" in text
    assert "## Removed lines per family" in text and "| NV | navigation chrome |" in text
    assert "## Files with the most removed" in text
    assert "### NV005 ad-label: 3 lines" in text
    assert "| 3 | Publicité |" in text  # the most frequent removed line of the rule, with its count
    assert "| 1 | Lire aussi : \\</script\\>\\<script\\>alert(1)\\</script\\> \\| \\*pipe\\* & \\<b\\> |" in text
    assert "## Typography repairs" in text and "| TY006 | stray-nbsp | 2 |" in text


def test_html_report_is_self_contained_and_embeds_its_data_safely(inputs: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    run_report(inputs, path)
    page = path.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)  # nothing loaded from anywhere
    assert SCRIPT_LINE not in page and "</script><script>alert" not in page
    scripts = re.findall(r"<script type='application/json' id='([\w-]+)'>(.*?)</script>", page, re.S)
    data = {name: json.loads(body) for name, body in scripts}
    summary, details = data["report-summary"], data["report-details"]
    assert len(summary["files"]) == len(details) == 7
    removed = [row[2] for doc in details[6] for row in doc["rows"] if row[1] == 1]
    assert removed == [SCRIPT_LINE]  # read back intact by JSON.parse
    assert "<svg class='bars'" in page and "data-family='NV'" in page


def test_unknown_report_suffix_stops_before_the_run(inputs: Path, tmp_path: Path) -> None:
    result = invoke("clean", str(inputs), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "report.txt"))
    assert result.exit_code == 2
    assert "unknown report format '.txt' (use .json, .html or .md)" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "report.txt").exists()


def test_unwritable_report_is_an_error_and_leaves_nothing(inputs: Path, tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be\n")
    result = invoke("check", str(inputs / "a-article.txt"), "--report", str(tmp_path / "blocker" / "report.json"))
    assert result.exit_code == 2
    assert "error: --report" in result.output and "cannot write" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_report_replaces_an_old_one_atomically(inputs: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old\n")
    result = invoke("check", str(inputs / "b-plain.txt"), "--report", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_text())["run"]["totals"]["unchanged"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left
    assert path.stat().st_mode & 0o444 == 0o444


def test_quiet_run_writes_the_report_silently(inputs: Path, tmp_path: Path) -> None:
    result = invoke("check", str(inputs / "b-plain.txt"), "-q", "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "r.md").is_file()


def test_stdin_report(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    result = invoke("clean", "-", "--report", str(path), stdin=ARTICLE)
    assert result.exit_code == 0
    (entry,) = json.loads(path.read_text())["files"]
    assert entry["path"] == "<stdin>" and entry["lines_removed"] == 3


def test_builder_counts_like_the_runner_and_keeps_context(tmp_path: Path) -> None:
    from cleaner import clean_text

    builder = ReportBuilder(Options(mode=Mode.CHECK), "check", ["x"])
    text = "".join(f"Line {i} of a long article about the weather, written in full sentences.\n" for i in range(1, 21))
    result = clean_text(text.replace("Line 10 of", "Publicité\nLine 10 of"), lang="fr")
    event = DocumentEvent("x/a.txt", 1, None, result, held=False)
    outcome = FileOutcome("x/a.txt")
    outcome.document(event)
    builder.document(event)
    builder.file(outcome)
    data = builder.finish()
    ((entry, contexts),) = list(data.files())
    assert [c["line"] for c in entry["changed_documents"][0]["changes"]] == [10]
    assert sorted(map(int, contexts[0])) == [8, 9, 11, 12]  # two kept lines around the change
    builder.close()


def test_repaired_line_segments() -> None:
    assert list(segments("a\u00a0b  c", "a b c")) == [(0, "a"), (1, "\u00a0"), (2, " "), (0, "b "), (1, " "), (0, "c")]
    assert list(segments("fin", "fin\n")) == [(0, "fin"), (2, "\n")]
    assert "".join(t for k, t in segments("Ã©tÃ© x", "été x") if k != 2) == "Ã©tÃ© x"
