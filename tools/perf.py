"""`make perf` (issue 9): cleaner's throughput, peak memory and start-up beside datatrove's C4 filter and trafilatura.

One run builds a deterministic corpus (JSONL shards of the shared dev pages and samples/, repeated with
distinct ids until --size-mb, a quarter-size copy, and a folder of dev HTML pages up to --html-mb), measures
every row in its own process through tools/_measure.py (wall time, peak RSS), prints a table with the target
checks and rewrites docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _measure import MB, Measured, measure

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLEANER = str(BIN / "cleaner")
SHARD_BYTES = 16 * MB  # shards like a crawl's; their count is made even so that 2 datatrove tasks get a half each
SMALL_FILE = ROOT / "samples/en/clean-control.txt"
ENV = {**os.environ, "COLUMNS": "200"}  # `cleaner rules` is a table: no wrapping of its code column

# The targets of issue 9, as numbers.
C4_RATIO, C4_RATIO_MODEL_OFF = 1.0, 2.0  # cleaner's MB/s over the C4 filter's, with and without the LQ model
SCALING = 1.8  # "near linear": 2 jobs at least 1.8 times as fast as 1 (90 % efficiency)
MEMORY_GROWTH = 1.2  # the full corpus's peak RSS at most 20 % over the quarter-size corpus's
HTML_SHARE = 0.9  # HTML mode within 10 % of trafilatura's extraction alone
STARTUP_RATIO = 1.5  # `cleaner check` on one small file against a bare `import typer, rich`


def text_pages(shared: Path) -> list[tuple[str, str]]:
    """(id stem, text) of every text page, in a fixed order: dev blocks, dev markdownish, then samples/."""
    dev = shared / "bench/dev"
    named = [(f"blocks/{p.stem}", p) for p in sorted((dev / "blocks").glob("*.txt"))]
    named += [(f"markdownish/{p.stem}", p) for p in sorted((dev / "markdownish").glob("*.txt"))]
    samples = sorted(p for p in (ROOT / "samples").rglob("*.txt") if not p.name.endswith(".clean.txt"))
    named += [(f"samples/{p.relative_to(ROOT / 'samples').with_suffix('').as_posix()}", p) for p in samples]
    if not named:
        raise SystemExit(f"no text pages found under {dev} or {ROOT / 'samples'}")
    return [(stem, path.read_text(encoding="utf-8", errors="replace")) for stem, path in named]


def build_shards(folder: Path, size: int, shared: Path, shard_bytes: int = SHARD_BYTES) -> tuple[int, int]:
    """Write JSONL shards of the text pages, cycled with distinct ids, until `size` bytes; (records, bytes)."""
    pages = text_pages(shared)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = size / max(2, 2 * round(size / shard_bytes / 2))  # an even number of shards (see SHARD_BYTES)
    records = written = shard = 0
    out = (folder / "shard-00000.jsonl").open("wb")
    try:
        while written < size:
            for stem, text in pages:
                line = json.dumps({"id": f"{records // len(pages):04d}/{stem}", "text": text}, ensure_ascii=False)
                data = line.encode("utf-8") + b"\n"
                if written >= (shard + 1) * target:  # cumulative boundaries: exactly the even count of shards
                    out.close()
                    shard += 1
                    out = (folder / f"shard-{shard:05d}.jsonl").open("wb")
                out.write(data)
                records += 1
                written += len(data)
                if written >= size:
                    break
    finally:
        out.close()
    return records, written


def build_html(folder: Path, size: int, shared: Path) -> tuple[int, int]:
    """Copy the dev HTML pages, decompressed, under distinct names until `size` bytes; (pages, bytes)."""
    paths = sorted((shared / "bench/dev/html").glob("*.html.gz"))
    if not paths:
        raise SystemExit(f"no HTML pages found under {shared / 'bench/dev/html'}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = written = 0
    while written < size:
        for path in paths:
            data = gzip.decompress(path.read_bytes())
            (folder / f"{pages // len(paths):03d}-{path.name.removesuffix('.gz')}").write_bytes(data)
            pages += 1
            written += len(data)
            if written >= size:
                break
    return pages, written


def c4_reference(shards: str, out: str, tasks: int, logs: str) -> None:
    """Datatrove's C4 line filter between its own JSONL reader and writer (run in a process of its own)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import C4QualityFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    # min_num_sentences=-1: counting sentences needs spacy, which is not installed (nor a dependency).
    pipeline = [JsonlReader(shards), C4QualityFilter(min_num_sentences=-1), JsonlWriter(out, compression=None)]
    LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=tasks, logging_dir=logs).run()


def trafilatura_reference(folder: str) -> None:
    """Extract with trafilatura alone over the HTML pages, through cleaner's own call and pinned options."""
    from cleaner.html import extract

    for path in sorted(Path(folder).glob("*.html")):
        extract(path.read_bytes())


# The engine's stages, each row adding one to the last (codes as `--ignore` takes them): what a stage costs is
# the difference between its row and the one above. In process, CPU time, on the first --stages-mb of the corpus.
STAGES = (
    ("framework: split, fold, language guess, scanning, assembly", ("CK", "SO", "SH", "RL", "NV", "CR", "NF", "DU",
                                                                     "LR", "LQ", "TY")),
    ("+ typography repairs (TY)", ("CK", "SO", "SH", "RL", "NV", "CR", "NF", "DU", "LR", "LQ")),
    ("+ phrase, pattern and context rules (model off)", ("LQ",)),
    ("+ line-quality model (LQ): the default pipeline", ()),
)  # fmt: skip


def stages_reference(shards: str, limit: int) -> None:
    """Print, as JSON, the CPU seconds of `clean_text` over the corpus's first `limit` bytes, per STAGES row."""
    from cleaner.engine import Config, clean_text, for_records

    texts: list[str] = []
    size = 0
    for path in sorted(Path(shards).glob("*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                if size >= limit:
                    break
                texts.append(json.loads(line)["text"])
                size += len(line)
    seconds = []
    for _, ignore in STAGES:
        config = for_records(Config(ignore=ignore))
        clean_text(texts[0], config=config)  # lazy set-up (regular expressions, the model) is not a stage
        started = time.process_time()
        for text in texts:
            clean_text(text, config=config)
        seconds.append(time.process_time() - started)
    print(json.dumps({"bytes": size, "documents": len(texts), "seconds": seconds}))


def stages_table(result: dict[str, Any]) -> str:
    """The Markdown table of the stage rows (see STAGES)."""
    size = result["bytes"] / MB
    lines = [
        f"Where the engine's time goes: `clean_text` in one process, CPU time, over the first {size:.0f} MB of the "
        f"corpus ({result['documents']:,} documents), each row adding a stage to the one above:",
        "",
        "| stages | CPU s | MB/s | the stage's share of the default pipeline |",
        "|---|--:|--:|--:|",
    ]
    total = result["seconds"][-1] or 1.0
    previous = 0.0
    for (name, _), seconds in zip(STAGES, result["seconds"], strict=True):
        rate = f"{size / seconds:.2f}" if seconds else ""
        lines.append(f"| {name} | {seconds:.2f} | {rate} | {(seconds - previous) / total:.0%} |")
        previous = seconds
    return "\n".join(lines)


def engine_stages(shards: str, limit: int) -> tuple[str, str]:
    """Run the stage breakdown in its own process; (table, note on failure)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--reference", "stages", shards, str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return "", f"engine stages: failed (exit {done.returncode}): {last}"
    return stages_table(json.loads(done.stdout.strip().splitlines()[-1])), ""


@dataclass
class Row:
    """One line of the table: a measured run, or a row that could not be run and why."""

    name: str
    input: str
    size: int
    run: Measured | None
    note: str = ""

    @property
    def rate(self) -> float:
        """MB of input per second; 0 when not run or crashed (an exit 2, some inputs failed, went through)."""
        if self.run is None or self.run.exit_code not in (0, 2) or not self.run.seconds:
            return 0.0
        return self.size / MB / self.run.seconds


def measured(name: str, label: str, size: int, command: list[str], *clear: Path) -> Row:
    """Run one row's command measured, print its line, and remove its output folders afterwards."""
    print(f"  {name} ...", end="", flush=True)
    run = measure(command, env=ENV)
    for folder in clear:  # outputs are not kept (200 MB each); datatrove skips the tasks its logs call done
        shutil.rmtree(folder, ignore_errors=True)
    row = Row(name, label, size, run)
    if run.exit_code != 0:  # printed in the table's notes and in the target lines that use this row
        row.note = f"exit {run.exit_code}: " + "".join([line for line in run.stderr.splitlines() if line.strip()][-1:])
    print(f" {run.seconds:.1f} s, {row.rate:.2f} MB/s, peak RSS {run.tree_peak_mb:.0f} MB {row.note}", flush=True)
    return row


# HTML mode and its reference are short rows compared with each other, on a machine whose speed drifts
# (five interleaved pairs: trafilatura alone 7.5 to 8.3 s, cleaner 8.7 to 9.7 s; pair ratios 0.81 to 0.96):
# they run in turn, three times each, and each reports its median run.
INTERLEAVED = ("html", "trafilatura")
INTERLEAVED_ROUNDS = 3


def typical(runs: list[Row]) -> Row:
    """The run to report for a row measured several times: the first that did not finish, else the median."""
    for row in runs:
        if row.run is None or row.run.exit_code != 0:
            return row
    return sorted(runs, key=lambda row: row.run.seconds if row.run else 0.0)[len(runs) // 2]


def has_lq_family() -> bool:
    """Whether `cleaner rules` lists a rule of the LQ (line-quality model) family."""
    listing = subprocess.run([CLEANER, "rules"], capture_output=True, text=True, env=ENV, check=False).stdout
    return re.search(r"^LQ\d", listing, re.MULTILINE) is not None


def startup(runs: int) -> tuple[dict[str, float], list[str]]:
    """Median wall seconds of each start-up command over `runs` runs (interleaved so drift hits all alike), failures."""
    python = str(BIN / "python")
    small = str(SMALL_FILE.relative_to(ROOT))
    # The target is judged on a check that cleans the file (--no-cache): a pre-commit hook runs on the
    # files a commit changed, which the cache never holds. A repeated check of the same file, answered
    # from the cache, is shown too.
    commands = {
        f"cleaner check {small} --isolated --no-cache": [CLEANER, "check", str(SMALL_FILE), "--isolated", "--no-cache"],
        'python -c "import typer, rich"': [python, "-c", "import typer, rich"],
        'python -c "pass"': [python, "-c", "pass"],
        f"cleaner check {small} --isolated (cached)": [CLEANER, "check", str(SMALL_FILE), "--isolated"],
    }
    # An installed package has its bytecode compiled (pip compiles it on install), as typer's and rich's is;
    # an editable checkout under PYTHONDONTWRITEBYTECODE (this sandbox sets it) would compile cleaner's
    # modules on every start and measure that instead.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "cleaner")], capture_output=True, check=False)
    times: dict[str, list[float]] = {name: [] for name in commands}
    failures: set[str] = set()
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
            times[name].append(time.perf_counter() - started)
            if done.returncode not in (0, 1):  # 1 is `cleaner check` finding something: a normal run
                failures.add(f"`{name}`: exit {done.returncode}, its start-up figure is not valid")
    return {name: statistics.median(values) for name, values in times.items()}, sorted(failures)


def check(ok: bool | None, text: str, *involved: Row) -> str:
    """One target line: PASS, FAIL or n/a, then the numbers; FAIL whatever they say when a run failed."""
    failed = [f"{row.name} exited {row.run.exit_code}" for row in involved if row.run and row.run.exit_code != 0]
    verdict = "n/a" if ok is None else "PASS" if ok and not failed else "FAIL"
    return f"{verdict}  {text}" + (f" [failed: {'; '.join(failed)}]" if failed else "")


def targets(rows: dict[str, Row], starts: dict[str, float], lq: bool) -> list[str]:
    """The issue's targets checked against the measured rows."""
    j1, j2, off, small = rows["j1"], rows["j2"], rows["off"], rows["small"]
    c4, c4_2, html, traf = rows["c4"], rows["c4-2"], rows["html"], rows["trafilatura"]

    def ratio(a: Row, b: Row) -> float:
        return a.rate / b.rate if b.rate else 0.0

    full, quarter = (r.run.tree_peak_mb if r.run else 0.0 for r in (j1, small))
    check_s, bare_s = list(starts.values())[:2]
    model_off = f"{off.rate:.2f} vs {c4.rate:.2f} MB/s = {ratio(off, c4):.2f}x" if lq else "no LQ family yet"
    return [
        check(
            ratio(j1, c4) >= C4_RATIO,
            f"default pipeline vs C4 filter, 1 job: {j1.rate:.2f} vs {c4.rate:.2f} MB/s = {ratio(j1, c4):.2f}x "
            f"(target >= {C4_RATIO:g}x)",
            j1,
            c4,
        ),
        check(
            ratio(off, c4) >= C4_RATIO_MODEL_OFF if lq else None,
            f"model off (--ignore LQ) vs C4 filter, 1 job: {model_off} (target >= {C4_RATIO_MODEL_OFF:g}x)",
            off,
            c4,
        ),
        check(
            ratio(j2, j1) >= SCALING,
            f"1 -> 2 jobs: {j1.rate:.2f} -> {j2.rate:.2f} MB/s = {ratio(j2, j1):.2f}x (target >= {SCALING:g}x; "
            f"the C4 filter with 2 tasks: {ratio(c4_2, c4):.2f}x)",
            j1,
            j2,
        ),
        check(
            0 < full <= quarter * MEMORY_GROWTH,
            f"peak memory independent of corpus size, 1 job: {full:.0f} MB on {j1.size / MB:.0f} MB, "
            f"{quarter:.0f} MB on {small.size / MB:.0f} MB (target: at most {MEMORY_GROWTH:g}x)",
            j1,
            small,
        ),
        check(
            ratio(html, traf) >= HTML_SHARE,
            f"HTML mode vs trafilatura's extraction alone: {html.rate:.2f} vs {traf.rate:.2f} MB/s of HTML = "
            f"{ratio(html, traf):.2f} (target >= {HTML_SHARE:g})",
            html,
            traf,
        ),
        check(
            check_s <= bare_s * STARTUP_RATIO,
            f"start-up, cleaner check on one small file vs bare `import typer, rich`: {check_s:.3f} vs "
            f"{bare_s:.3f} s = {check_s / bare_s:.2f}x (target <= {STARTUP_RATIO:g}x)",
        ),
    ]


def table(rows: list[Row], starts: dict[str, float], runs: int) -> str:
    """The Markdown table of every row, the start-up medians last."""
    lines = [
        "| row | input | MB | seconds | MB/s | peak RSS, tree (MB) | peak RSS, largest process (MB) |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        if row.run is None:
            lines.append(f"| {row.name} | {row.input} | {row.size / MB:.1f} | {row.note} | | | |")
            continue
        run = row.run
        rate = f"{row.rate:.2f}" if row.rate else "failed"
        rate += f" (exit {run.exit_code})" if run.exit_code else ""
        lines.append(
            f"| {row.name} | {row.input} | {row.size / MB:.1f} | {run.seconds:.1f} | {rate} | "
            f"{run.tree_peak_mb:.0f} | {run.process_peak_mb:.0f} |"
        )
    for name, seconds in starts.items():
        lines.append(f"| `{name}` | start-up, median of {runs} | | {seconds:.3f} | | | |")
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{model.group(1).strip() if model else platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores (os.cpu_count())",
        "Python": f"{platform.python_version()} ({platform.system()} {platform.release()})",
        "commit": f"{commit.strip() or 'unknown'}{' with uncommitted changes' if dirty.strip() else ''}",
        "load average at start (1, 5, 15 min)": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def document(body: str, checks: list[str], facts: dict[str, str], notes: list[str]) -> str:
    """docs/performance.md."""
    facts_md = "\n".join(f"- {key}: {value}" for key, value in facts.items())
    notes_md = "\n".join(f"- {note}" for note in notes)
    return f"""# Performance

Written by `make perf` (tools/perf.py); the figures below are from its last run. Reproduce with `make perf`
(arguments: `make perf PERF_ARGS="--size-mb 50"`; `--quick` for a small run that leaves this page alone).

## Targets (issue 9)

```
{chr(10).join(checks)}
```

## Figures

{body}

{notes_md}

## Machine

{facts_md}

## Method

- Corpus: JSONL shards (`{{"id": ..., "text": ...}}`, about 16 MB each, an even number of them) of the
  shared dev pages in both text styles (`../shared/bench/dev/blocks` and `markdownish`) and the inputs of
  `samples/` (not the `*.clean.txt` expectations), repeated in a fixed order with distinct ids until the
  size is reached: the same bytes on every run. A copy of a quarter of the size is cleaned too: its peak
  memory beside the full corpus's shows whether memory grows with the corpus (it should not: cleaner
  streams, one document at a time, a bounded window of them in flight).
- HTML: the dev pages' HTML (`../shared/bench/dev/html`), decompressed to `.html` files under distinct
  names up to --html-mb. Its default (50 MB) is smaller than the text corpus because extraction is slow
  and its speed per page does not change with volume: 50 MB is most of the distinct dev pages (65 MB in
  all), so a larger folder would only repeat them and add minutes.
- Every row is its own process, run through a small launcher (tools/_measure.py): wall time from start to
  exit (start-up included), MB/s of input bytes (JSONL or HTML), and peak resident memory: "tree" is the
  sum over the process and its workers sampled every 0.1 s, "largest process" the exact getrusage peak.
  Outputs are written to disk, as a real run would, and deleted after each row.
- cleaner runs `cleaner clean DIR -o OUT -q -j N --isolated` (built-in defaults, no configuration file).
  "model off" is `--ignore LQ`: phrase rules and typography only, without the line-quality model.
- The C4 reference is datatrove's `JsonlReader -> C4QualityFilter(min_num_sentences=-1) -> JsonlWriter`
  under `LocalPipelineExecutor` (1 task and worker, then 2): the line filter of C4 without the document
  sentence count, since counting sentences needs spacy, which is not installed.
- The trafilatura reference extracts every HTML page in one process through `cleaner.html.extract`, the
  very call and pinned options cleaner's HTML mode uses, so the difference is cleaner's own work. The two
  HTML rows run in turn, three times each, after the others, and each reports its median run: they are
  short and compared with each other, and the machine's speed drifts between rows.
- The engine's stages: `clean_text` in one process over the corpus's first --stages-mb (20 MB), CPU time
  (robust to other work on the machine), once with every rule family ignored (what remains is the
  framework: splitting, folding every line for phrase matching, the language guess, scanning, assembly),
  then adding typography, then the rules, then the model. No I/O, JSON or start-up: the rows above have those.
- Start-up: cleaner's bytecode compiled first (`compileall`, as pip does on install), then medians of
  interleaved runs of `cleaner check` on one small sample, a bare `python -c "import typer, rich"` (the
  CLI's framework, the floor of any typer CLI) and `python -c pass`.
- Other work on the same cores slows some rows more than others: the load averages above tell how busy
  the machine was.
"""


def main() -> None:
    """Build the corpus, measure every row, print the table and targets, rewrite docs/performance.md."""
    if sys.argv[1:2] == ["--reference"]:  # the reference rows run this file again, in their own processes
        kind, *rest = sys.argv[2:]
        if kind == "c4":
            c4_reference(rest[0], rest[1], int(rest[2]), rest[3])
        elif kind == "stages":
            stages_reference(rest[0], int(rest[1]))
        else:
            trafilatura_reference(rest[0])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared folder")
    parser.add_argument("--size-mb", type=float, default=200, help="size of the JSONL corpus (MB)")
    parser.add_argument("--html-mb", type=float, default=50, help="size of the HTML folder (MB; see the doc)")
    parser.add_argument("--stages-mb", type=float, default=20, help="corpus MB for the engine's stage breakdown")
    parser.add_argument("--out", type=Path, help="work folder (default: a new folder under out/perf, removed)")
    parser.add_argument("--quick", action="store_true", help="a small run (10 MB, 5 MB HTML, 5 start-ups), no doc")
    parser.add_argument("--doc", type=Path, help="the page to rewrite (default docs/performance.md, none if --quick)")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args()
    size, html_size, runs = (10 * MB, 5 * MB, 5) if args.quick else (int(args.size_mb * MB), int(args.html_mb * MB), 20)
    doc = None if args.no_doc else args.doc or (None if args.quick else ROOT / "docs/performance.md")
    if args.out is None:
        (ROOT / "out/perf").mkdir(parents=True, exist_ok=True)
    work = args.out or Path(tempfile.mkdtemp(dir=ROOT / "out/perf"))
    ENV["CLEANER_CACHE_DIR"] = str(work / "cache")  # the cached start-up row: a cache of this run, not the user's
    facts = machine()
    started = time.perf_counter()

    print(f"building the corpus in {work} ...", flush=True)
    records, text_bytes = build_shards(work / "shards", size, args.shared)
    small_records, small_bytes = build_shards(work / "small", size // 4, args.shared)
    pages, html_bytes = build_html(work / "html", html_size, args.shared)
    print(
        f"  {records:,} records, {text_bytes / MB:.0f} MB; quarter corpus {small_records:,} records, "
        f"{small_bytes / MB:.0f} MB; {pages:,} HTML pages, {html_bytes / MB:.0f} MB "
        f"(HTML is smaller by default: extraction is slow, see docs/performance.md); "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    shards, small, html, out, logs = (str(work / n) for n in ("shards", "small", "html", "cleaned", "logs"))
    text, quarter = f"JSONL, {records:,} records", f"JSONL, {small_records:,} records"
    html_in = f"HTML, {pages:,} pages"
    clean = [CLEANER, "clean", "-o", out, "-q", "--isolated"]
    me = [sys.executable, str(Path(__file__).resolve()), "--reference"]  # the references: this file, run again
    lq = has_lq_family()
    specs = [
        ("j1", "cleaner -j 1", text, text_bytes, [*clean, shards, "-j", "1"]),
        ("j2", "cleaner -j 2", text, text_bytes, [*clean, shards, "-j", "2"]),
        ("off", "cleaner -j 1 --ignore LQ", text, text_bytes, [*clean, shards, "-j", "1", "--ignore", "LQ"]),
        ("small", "cleaner -j 1, quarter corpus", quarter, small_bytes, [*clean, small, "-j", "1"]),
        ("html", "cleaner -j 1, HTML mode", html_in, html_bytes, [*clean, html, "-j", "1"]),
        ("c4", "datatrove C4 line filter, 1 task", text, text_bytes, [*me, "c4", shards, out, "1", logs]),
        ("c4-2", "datatrove C4 line filter, 2 tasks", text, text_bytes, [*me, "c4", shards, out, "2", logs]),
        ("trafilatura", "trafilatura.extract alone", html_in, html_bytes, [*me, "trafilatura", html]),
    ]
    rows: dict[str, Row] = {}
    print("measuring (each row its own process):", flush=True)
    for key, name, label, size_bytes, command in specs:
        if key in INTERLEAVED:
            continue
        if key == "off" and not lq:  # never skipped silently: the row and the target line say why
            rows[key] = Row(name, label, size_bytes, None, "n/a: no LQ family yet")
            print(f"  {name}: n/a: no LQ family yet (`cleaner rules` lists no LQ rule)", flush=True)
        else:
            rows[key] = measured(name, label, size_bytes, command, Path(out), Path(logs))
    repeated: dict[str, list[Row]] = {key: [] for key in INTERLEAVED}
    for _ in range(INTERLEAVED_ROUNDS):
        for key, name, label, size_bytes, command in specs:
            if key in INTERLEAVED:
                repeated[key].append(measured(name, label, size_bytes, command, Path(out), Path(logs)))
    rows.update({key: typical(runs) for key, runs in repeated.items()})
    rows = {key: rows[key] for key, *_ in specs}  # the table in the order of the specs
    print(f"  start-up, {runs} interleaved runs each ...", flush=True)
    starts, failures = startup(runs)
    print("  the engine's stages, in process ...", flush=True)
    stage_mb = min(args.stages_mb, 2.0) if args.quick else args.stages_mb
    stages, stage_failure = engine_stages(shards, int(stage_mb * MB))
    failures += [stage_failure] if stage_failure else []

    body = table(list(rows.values()), starts, runs) + ("\n\n" + stages if stages else "")
    checks = targets(rows, starts, lq)
    facts["corpus"] = (
        f"{text_bytes / MB:.0f} MB of JSONL ({records:,} records), quarter corpus {small_bytes / MB:.0f} MB, "
        f"{html_bytes / MB:.0f} MB of HTML ({pages:,} pages)"
    )
    facts["whole run"] = f"{(time.perf_counter() - started) / 60:.1f} min, corpus building included"
    facts["load average at end"] = " ".join(f"{load:.2f}" for load in os.getloadavg())  # others share the cores
    notes = [r.name + ": " + r.note for r in rows.values() if r.note] + failures
    print("\n" + body + "\n\n" + "\n".join(checks) + "\n" + "\n".join(notes))
    print("\n".join(f"{key}: {value}" for key, value in facts.items()))
    if doc is not None:
        doc.write_text(document(body, checks, facts, notes), encoding="utf-8")
        print(f"wrote {doc}")
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
