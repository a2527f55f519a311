"""`make perf`: cleaner's throughput, peak memory and start-up beside datatrove's C4 filter and trafilatura.

One run builds a deterministic corpus (JSONL shards of the shared dev pages and samples/, repeated with
distinct ids until --size-mb, a quarter-size copy, one large text file of --big-mb, and a folder of dev HTML
pages up to --html-mb), measures every row in its own process through tools/_measure.py (wall time, peak
RSS), prints a table with the target checks and the engine's stage table, and rewrites docs/performance.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import MB, Measured, measure
from _perf_report import Row, document, machine, stages_reference, stages_table, table

__all__ = ["MB", "Measured", "Row", "stages_reference", "stages_table", "table"]  # what tests/test_perf_tool.py reads

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
DOCUMENT_MEMORY, BASE_MEMORY = 10, 100  # peak RSS at most 10 times the largest document plus 100 MB
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


def engine_stages(shards: str, limit: int, c4_rate: float) -> tuple[str, str]:
    """Run the stage breakdown in its own process; (table, note on failure)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--reference", "stages", shards, str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return "", f"engine stages: failed (exit {done.returncode}): {last}"
    return stages_table(json.loads(done.stdout.strip().splitlines()[-1]), c4_rate), ""


def build_big(path: Path, size: int, shared: Path) -> tuple[int, int]:
    """One text file of the text pages joined, cycled until `size` bytes: (its bytes, the largest page's)."""
    pages = [(text.rstrip("\n") + "\n\n").encode("utf-8") for _, text in text_pages(shared)]
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("wb") as out:
        while written < size:
            for page in pages:
                out.write(page)
                written += len(page)
                if written >= size:
                    break
    return written, max(map(len, pages))


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


def installed(work: Path) -> Path:
    """An interpreter that runs cleaner as `pip install .` installs it, beside the dev environment's libraries.

    A virtual environment of its own (no pip) whose site-packages holds cleaner built and installed from
    this tree (its kernels compiled, its bytecode compiled by pip) and a .pth line naming the development
    environment's site-packages for typer, rich and the rest. That .pth adds the folder but does not run the
    .pth files inside it, so the editable checkout's import hook, which costs every start, is not loaded.
    """
    venv = work / "installed"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    dev_site = subprocess.run(
        [sys.executable, "-c", "import typer, pathlib; print(pathlib.Path(typer.__file__).parent.parent)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "dev-libraries.pth").write_text(dev_site + "\n")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([*pip, "--target", site, str(ROOT)], check=True, capture_output=True)
    return python


def startup(runs: int, python: Path) -> tuple[dict[str, float], list[str]]:
    """Median wall seconds of each start-up command over `runs` runs (interleaved so drift hits all alike), failures.

    Every command runs on `python`, the interpreter of `installed()`: cleaner as installed, and the bare
    imports on the same interpreter and libraries. They run in the installed environment's folder: from
    the checkout, `python -m` put the checkout first on the path and ran its sources, not the installed
    package (with PYTHONDONTWRITEBYTECODE set, compiling 49 modules on every start: 0.156 s, not 0.09).
    """
    small = str(SMALL_FILE.relative_to(ROOT))
    elsewhere = python.parent.parent  # the environment's own folder, which holds no `cleaner` package
    cleaner = [str(python), "-m", "cleaner"]
    # The target is judged on a check that cleans the file (--no-cache): a pre-commit hook runs on the
    # files a commit changed, which the cache never holds. A repeated check of the same file, answered
    # from the cache, is shown too.
    check = [*cleaner, "check", str(SMALL_FILE), "--isolated"]
    commands = {
        f"cleaner check {small} --isolated --no-cache": [*check, "--no-cache"],
        'python -c "import typer, rich"': [str(python), "-c", "import typer, rich"],
        'python -c "pass"': [str(python), "-c", "pass"],
        f"cleaner check {small} --isolated (cached)": check,
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    failures: set[str] = set()
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False, cwd=elsewhere
            )
            times[name].append(time.perf_counter() - started)
            if done.returncode not in (0, 1):  # 1 is `cleaner check` finding something: a normal run
                failures.add(f"`{name}`: exit {done.returncode}, its start-up figure is not valid")
    return {name: statistics.median(values) for name, values in times.items()}, sorted(failures)


def check(ok: bool | None, text: str, *involved: Row) -> str:
    """One target line: PASS, FAIL or n/a, then the numbers; FAIL whatever they say when a run failed."""
    failed = [f"{row.name} exited {row.run.exit_code}" for row in involved if row.run and row.run.exit_code != 0]
    verdict = "n/a" if ok is None else "PASS" if ok and not failed else "FAIL"
    return f"{verdict}  {text}" + (f" [failed: {'; '.join(failed)}]" if failed else "")


def targets(rows: dict[str, Row], starts: dict[str, float], lq: bool, largest: int) -> list[str]:
    """The targets checked against the measured rows (`largest`: the corpus's largest record, in bytes)."""
    j1, j2, off, small, big = rows["j1"], rows["j2"], rows["off"], rows["small"], rows["big"]
    c4, c4_2, html, traf = rows["c4"], rows["c4-2"], rows["html"], rows["trafilatura"]

    def ratio(a: Row, b: Row) -> float:
        return a.rate / b.rate if b.rate else 0.0

    def allowed(document: int) -> float:
        return DOCUMENT_MEMORY * document / MB + BASE_MEMORY

    full, quarter, one = (r.run.process_peak_mb if r.run else 0.0 for r in (j1, small, big))
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
            0 < full <= allowed(largest),
            f"peak memory, 1 job, beside its largest document ({largest / MB:.1f} MB): {full:.0f} MB "
            f"(target: at most {DOCUMENT_MEMORY}x it + {BASE_MEMORY} MB = {allowed(largest):.0f} MB)",
            j1,
        ),
        check(
            0 < one <= allowed(big.size),
            f"peak memory, one {big.size / MB:.0f} MB text file: {one:.0f} MB "
            f"(target: at most {DOCUMENT_MEMORY}x it + {BASE_MEMORY} MB = {allowed(big.size):.0f} MB)",
            big,
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
    parser.add_argument("--big-mb", type=float, default=30, help="size of the one large text file (MB)")
    parser.add_argument("--out", type=Path, help="work folder (default: a new folder under out/perf, removed)")
    parser.add_argument("--quick", action="store_true", help="a small run (10 MB, 5 MB HTML, 5 start-ups), no doc")
    parser.add_argument("--doc", type=Path, help="the page to rewrite (default docs/performance.md, none if --quick)")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args()
    size, html_size, runs = (10 * MB, 5 * MB, 5) if args.quick else (int(args.size_mb * MB), int(args.html_mb * MB), 20)
    big_size = 3 * MB if args.quick else int(args.big_mb * MB)
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
    big_bytes, largest = build_big(work / "big" / "page.txt", big_size, args.shared)
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
        ("big", "cleaner -j 1, one large document", "text, 1 file", big_bytes, [*clean, str(work / "big"), "-j", "1"]),
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
    starts, failures = startup(runs, installed(work))
    print("  the engine's stages, in process ...", flush=True)
    stage_mb = min(args.stages_mb, 2.0) if args.quick else args.stages_mb
    stages, stage_failure = engine_stages(shards, int(stage_mb * MB), rows["c4"].rate)
    failures += [stage_failure] if stage_failure else []

    body = table(list(rows.values()), starts, runs) + ("\n\n" + stages if stages else "")
    checks = targets(rows, starts, lq, largest)
    facts["corpus"] = (
        f"{text_bytes / MB:.0f} MB of JSONL ({records:,} records), quarter corpus {small_bytes / MB:.0f} MB, "
        f"{html_bytes / MB:.0f} MB of HTML ({pages:,} pages), one text file of {big_bytes / MB:.0f} MB"
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
