"""Reliability (issue 6), continued: large inputs scaled down, long lines, --jobs, regex and fuzz regressions.

The full-size cases (a 2 GB .jsonl.gz, a 200 MB line, every pattern on 1 MB lines) are benchmarks:
`make bench-large`, `make bench-regex`; atheris runs with `make fuzz`. Here each has a scaled-down
version that runs in seconds.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import ARTICLE_EN, ARTICLE_FR, SCRIPT, error_lines, files_under, write_tree
from test_properties import any_document, documents

import cleaner.runner
from cleaner import clean_text
from cleaner.engine import LONG_LINE, Config, for_records
from cleaner.formats import MAX_DOCUMENT_BYTES, Document, JsonlOptions, jsonl_line, read_jsonl
from cleaner.output import Mode, Options
from cleaner.report.counters import Report
from cleaner.runner import Runner

ENV = {**os.environ, "COLUMNS": "200"}
MB = 1 << 20


# Linux counts, in a child's peak memory (ru_maxrss), the memory of the process it was forked from: a
# child of this pytest process would report pytest's own hundreds of MB. So a small launcher forks the
# real run and reports that grandchild's peak (its workers included), measured from a small start.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["CLEANER_PEAK_FILE"], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str, stdin: Path | None = None) -> tuple[int, str, float]:
    """Run cleaner; its exit code, stderr, and peak resident memory in MB (the largest of it and its workers)."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        tempfile.TemporaryFile() as errors,
        stdin.open("rb") if stdin else open(os.devnull, "rb") as source,
    ):
        peak_file = Path(tmp) / "peak"
        env = {**ENV, "CLEANER_PEAK_FILE": str(peak_file)}
        command = [sys.executable, "-c", LAUNCHER, str(SCRIPT), *args]
        proc = subprocess.run(command, stdin=source, stdout=subprocess.DEVNULL, stderr=errors, env=env, check=False)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
        peak_kb = int(peak_file.read_text())
    assert "Traceback" not in stderr, stderr[-3000:]
    return proc.returncode, stderr, peak_kb / 1024


# ---------------------------------------------------------------- a large .jsonl.gz, streamed

TEXTS = (
    ARTICLE_FR,
    ARTICLE_EN,
    "Suivez-nous sur Twitter\nLe conseil a voté le budget lundi soir, a dit le maire.\nPublicité\n",
    "Home › News › World\nThe council voted on the budget on Monday night, the mayor said.\n",
)


def test_large_jsonl_gz_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """About 64 MB of JSONL (gzipped): every record comes out in order, memory stays far below the input.

    Most records are metadata lines without a text field (copied through, cheap), one in twenty has a text
    to clean: the file is large, the cleaning short.
    """
    rng = random.Random(6)
    source = tmp_path / "src/big.jsonl.gz"
    source.parent.mkdir()
    expected: list[str | None] = []
    raw = 0
    with gzip.open(source, "wb", compresslevel=1) as out:
        while raw < 64 * MB:
            if len(expected) % 20 == 0:
                body = TEXTS[len(expected) % len(TEXTS)]
                record = {"id": len(expected), "text": body, "pad": rng.randbytes(500).hex()}
                expected.append(body)
            else:
                record = {"id": len(expected), "meta": "metadata " * 450}
                expected.append(None)
            data = json.dumps(record).encode() + b"\n"
            out.write(data)
            raw += len(data)

    code, stderr, peak = run_measured("clean", str(source.parent), "-o", str(tmp_path / "out"), "-j", "2", "-q")

    assert code == 0, stderr
    config = for_records(Config())
    cleaned = {text: clean_text(text, config=config).text for text in TEXTS}
    count = 0
    with gzip.open(tmp_path / "out/big.jsonl.gz", "rb") as result, gzip.open(source, "rb") as original:
        for number, (line, before) in enumerate(zip(result, original, strict=True)):
            text = expected[number]
            if text is None:
                assert line == before
            else:
                assert json.loads(line)["text"] == cleaned[text]
            count += 1
    assert count == len(expected)
    assert peak < 160, f"peak RSS {peak:.0f} MB for {raw / MB:.0f} MB of JSONL: not streamed?"


# ---------------------------------------------------------------- a single line over the document limit


def write_one_line(path: Path, size: int, jsonl: bool) -> None:
    """One line of `size` bytes, written 1 MB at a time (never held whole)."""
    head, tail = (b'{"id": 1, "text": "', b'"}\n') if jsonl else (b"", b"\n")
    chunk = b"Publicite " * (MB // 10)
    with path.open("wb") as out:
        out.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            out.write(chunk[:left])
            left -= min(left, len(chunk))
        out.write(tail)
    assert path.stat().st_size == size


# A JSONL line over the limit once made the whole file's output be dropped; it is now copied through
# uncleaned (issue 16), the rest of the file cleaned.
def test_a_line_just_over_64_mb_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    size = MAX_DOCUMENT_BYTES + 1024
    write_one_line(src / "huge.txt", size, jsonl=False)
    write_one_line(src / "huge.jsonl", size, jsonl=True)
    write_tree(src, {"small.txt": ARTICLE_FR.encode()})

    code, stderr, peak = run_measured("clean", str(src), "-o", str(tmp_path / "out"), "-j", "1")

    assert code == 2
    errors = error_lines(stderr)
    assert errors == [
        f"error: {src / 'huge.txt'}: larger than 64 MB, the most one document may be; skipped",
        f"error: {src / 'huge.jsonl'}:1: line longer than 64 MB, not cleaned; line copied unchanged",
    ], errors
    assert files_under(tmp_path / "out") == {"huge.jsonl", "small.txt"}
    assert (tmp_path / "out/huge.jsonl").read_bytes() == (src / "huge.jsonl").read_bytes()
    assert peak < 4 * MAX_DOCUMENT_BYTES / MB, f"peak RSS {peak:.0f} MB to refuse a {size / MB:.0f} MB line"

    code, stderr, _ = run_measured("clean", "-", "--format", "jsonl", stdin=src / "huge.jsonl")
    assert code == 2
    assert error_lines(stderr) == ["error: <stdin>:1: line longer than 64 MB, not cleaned; line copied unchanged"]


# ---------------------------------------------------------------- lines over the pattern rules' cap


def test_a_line_over_the_cap_skips_the_pattern_rules_and_is_noted(tmp_path: Path) -> None:
    prose = "Le ministre a parlé lundi. " * (LONG_LINE // 27 + 1)
    long_line = prose[:LONG_LINE] + "x"  # not ending in a space, which TY007 would trim
    at_cap = prose[: LONG_LINE - 1] + "x"
    text = f"Publicité\n{long_line}\nHome › News › World\n{at_cap}\nLa suite, dit-il.\n"
    write_tree(tmp_path / "src", {"long.txt": text.encode()})

    proc = subprocess.run(
        [str(SCRIPT), "clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--isolated"],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
        check=False,
    )

    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    name = tmp_path / "src/long.txt"
    assert warnings == [f"warning: {name}:2: over {LONG_LINE:,} characters; the pattern rules skipped it"]
    assert (tmp_path / "out/long.txt").read_text(encoding="utf-8") == clean_text(text).text
    assert clean_text(text).long_lines == (2,)


# Found by this test, fixed since (was): the --report files (JSON, Markdown, HTML) do not say which lines
# skipped the pattern rules; only stderr does (issue 6: 'and say so in the report')
def test_a_line_over_the_cap_is_named_in_the_json_report(tmp_path: Path) -> None:
    text = "Le ministre a parlé.\n" + "mot " * (LONG_LINE // 4 + 1) + "\n"
    write_tree(tmp_path / "src", {"long.txt": text.encode()})
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [str(SCRIPT), "clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--report", str(report)],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "pattern rules skipped" in report.read_text(encoding="utf-8")


# ---------------------------------------------------------------- regular expressions on hostile lines

HOSTILE = {
    "copyright signs": "© " * 500_000,  # the slowest kind in make bench-regex (CREDIT tries 80 characters at each)
    "ellipses glued": "a…b" * 333_000,
    "separators": "Home › News / World | " * 45_000,
    "label, then separators": "Read more" + " › " * 330_000 + "x",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_one_megabyte_hostile_line_is_cleaned_in_linear_time(kind: str) -> None:
    started = time.perf_counter()
    clean_text(HOSTILE[kind] + "\n")
    assert time.perf_counter() - started < 10  # about 0.3 to 0.6 s on the CI machine (docs/regex-safety.md)


# Regressions of super-linear patterns make bench-regex found (fixed in b22516b): a separator pattern
# searched from every position of a long run of spaces its typography repairs keep. Linear: milliseconds.
SPACE_RUNS = {
    "label, then tabs (base._SEPARATOR)": ("Lire aussi", "\t", "x"),
    "label, then em spaces (base._SEPARATOR)": ("Read more", "\u2003", "x"),
    "trail, then no-break and narrow spaces (navigation._CRUMB_SEPARATOR)": ("Monde", "\u00a0\u202f ", "Afrique"),
    "photo, then a slash and no-break spaces (credits: searched along the line, its tail is quadratic)": (
        "Photo AFP /",
        "\u00a0",
        "x",
    ),
    "share, then dotted words (base._URL)": ("Share this article ", "a-b.", "x"),
}


@pytest.mark.parametrize("kind", SPACE_RUNS)
def test_a_phrase_then_a_long_run_is_cleaned_in_linear_time(kind: str) -> None:
    prefix, unit, suffix = SPACE_RUNS[kind]
    for size in (20_000, LONG_LINE - 100, 1_000_000):  # under the cap (every rule runs) and over it
        text = prefix + unit * (size // len(unit)) + suffix + "\n"
        started = time.perf_counter()
        clean_text(text)
        assert time.perf_counter() - started < 5, (kind, size)  # quadratic: minutes to hours


# ---------------------------------------------------------------- crashes found by tools/fuzz.py

FUZZ_JSONL_SURROGATE = b'{"n": 0e400, "text": "\\ud80blici1\\u00e9\\n"}\n'  # .fuzz/crashes, 44 bytes


# Found by this test, fixed since (was) (tools/fuzz.py, jsonl target): jsonl_line writes a text holding a lone
# surrogate with json.dumps(ensure_ascii=False) then .encode('utf-8'): UnicodeEncodeError
def test_fuzz_jsonl_lone_surrogate_is_written_back_as_valid_json() -> None:
    records = list(read_jsonl(io.BytesIO(FUZZ_JSONL_SURROGATE), JsonlOptions(), "<fuzz>"))
    record = records[0]
    assert isinstance(record, Document) and record.text is not None
    line = jsonl_line(record, record.text + "x", JsonlOptions())
    assert json.loads(line)["text"] == record.text + "x"


# ---------------------------------------------------------------- --jobs 2 gives what --jobs 1 gives


def _run_tree(src: Path, out: Path, jobs: int) -> tuple[dict[str, bytes], tuple[object, ...]]:
    report = Report()
    Runner(Options(mode=Mode.OUTPUT, out_dir=out, jobs=jobs), report).run([src])
    tree = {name: (out / name).read_bytes() for name in sorted(files_under(out))}
    return tree, (dict(report.rules), report.failed, report.bad_lines, report.warnings, report.held)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.one_of(any_document, documents()), min_size=1, max_size=6))
def test_jobs_2_writes_what_jobs_1_writes(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        root = Path(folder)
        files = {f"doc{i}.txt": text.encode("utf-8", "surrogatepass") for i, text in enumerate(texts)}
        records = [json.dumps({"id": i, "text": text}) for i, text in enumerate(texts)]
        files["records.jsonl"] = ("\n".join(records) + "\n").encode("utf-8", "surrogatepass")
        write_tree(root / "src", files)
        serial = _run_tree(root / "src", root / "one", 1)
        patch.setattr(cleaner.runner, "_PARALLEL_MIN_BYTES", 0)  # workers even for small inputs
        parallel = _run_tree(root / "src", root / "two", 2)
        assert parallel == serial
