"""Large-input benchmark: a big .jsonl.gz and single huge lines through `cleaner clean`, time and peak memory.

Run with `make bench-large` (the full sizes of issue 6: a 2 GB .jsonl.gz and a 200 MB line; expect an hour
or more on two cores) or smaller, e.g. `make bench-large LARGE_ARGS="--gz-mb 200 --line-mb 200"`.

Every input is generated deterministically (a seeded random generator) and streamed to disk, so the
generator itself holds one record at a time:

- `corpus.jsonl.gz`: records of realistic scraped pages, the shared dev pages (`../shared/bench/dev/blocks`)
  and this repository's samples, each with boilerplate lines added and a few fields besides `text`,
  until the *compressed* file reaches --gz-mb;
- `one-line.txt` and `one-line.jsonl`: a single line of --line-mb (a text file and a JSONL record),
  which cleaner refuses past MAX_DOCUMENT_BYTES (64 MB) with a message, reading at most that much at
  once (the JSONL line is copied through uncleaned);
- `long-line.txt`: a single line just under MAX_DOCUMENT_BYTES, which is cleaned: the pattern rules skip
  it (over LONG_LINE characters) and the report says so.

Each is cleaned by the installed `cleaner` command; the peak resident memory of the whole process tree
(the main process and its workers, sampled from /proc every 0.1 s) and the largest single process
(getrusage) are printed with the wall time, and docs/large-inputs.md is rewritten with the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import _measure
from _measure import MB

ROOT = Path(__file__).resolve().parent.parent
CLEANER = str(Path(sys.executable).parent / "cleaner")

BOILERPLATE = (
    "Suivez-nous sur Twitter",
    "Publicité",
    "We use cookies to improve your experience.",
    "Accept",
    "Share this article",
    "Lire aussi : Le gouvernement présente son budget",
    "Home › News › World",
    "Anzeige",
    "Folgen Sie uns auf Instagram und Facebook",
    "Impressum Datenschutz Kontakt",
    "© 2024 Le Journal. Tous droits réservés.",
    "Le ministre à Moscou, le 21 octobre 2016. REUTERS/Sergei Karpukhin",
    "Newsletter",
    "4 Min Read",
    "Tags : Syrie, Russie, Amnesty",
)


def _pages(shared: Path) -> list[str]:
    """The texts records are made of: the dev pages (when ../shared is there) and the samples."""
    paths = sorted((shared / "bench/dev/blocks").glob("*.txt"))
    paths += sorted(p for p in (ROOT / "samples").rglob("*.txt") if not p.name.endswith(".clean.txt"))
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    if not pages:
        raise SystemExit("no pages found: samples/ and ../shared/bench/dev/blocks are both missing")
    return pages


def _record(rng: random.Random, pages: list[str], number: int) -> bytes:
    lines = rng.choice(pages).splitlines()
    for _ in range(rng.randint(1, 6)):  # a few boilerplate lines anywhere, as scrapers leave them
        lines.insert(rng.randint(0, len(lines)), rng.choice(BOILERPLATE))
    record = {
        "id": f"doc-{number:09d}",
        "url": f"https://example.org/{rng.getrandbits(48):012x}.html",
        "lang": rng.choice(("de", "en", "fr", None)),
        "text": "\n".join(lines) + "\n",
        "meta": {"crawl": "2024-10", "score": round(rng.random(), 4)},
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def make_corpus(path: Path, gz_bytes: int, shared: Path, seed: int = 6) -> tuple[int, int]:
    """Write records to a .jsonl.gz until its compressed size reaches gz_bytes; returns (records, raw bytes)."""
    rng = random.Random(seed)
    pages = _pages(shared)
    records = raw = 0
    with path.open("wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", compresslevel=6, mtime=0) as out:
        while handle.tell() < gz_bytes:
            for _ in range(200):
                data = _record(rng, pages, records)
                out.write(data)
                records += 1
                raw += len(data)
    return records, raw


_CHUNK = "Le ministre a parlé lundi à Paris — © REUTERS/Name » Home › News | 4 Min Read · "


def make_line(path: Path, size: int, jsonl: bool) -> None:
    """One line of `size` bytes (a JSONL record when asked), written in chunks: never held whole."""
    chunk = _CHUNK.encode("utf-8")
    with path.open("wb") as out:
        head = b'{"id": 1, "text": "' if jsonl else b""
        tail = b'"}\n' if jsonl else b"\n"
        out.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            piece = chunk[:left] if left < len(chunk) else chunk
            if len(piece) < len(chunk):
                piece = b"x" * len(piece)  # never cut a multi-byte character
            out.write(piece)
            left -= len(piece)
        out.write(tail)


@dataclass
class Measure:
    """One run of cleaner: its exit code, wall time, memory peaks and last stderr line."""

    name: str
    input_bytes: int
    exit_code: int
    seconds: float
    tree_peak_mb: float  # the sum of the RSS of the process and its workers, sampled
    process_peak_mb: float  # the largest single process (getrusage of the children)
    message: str


def run(name: str, args: list[str], input_bytes: int) -> Measure:
    """Run `cleaner` with args, sampling the process tree's memory; print and return the figures."""
    measured = _measure.measure([CLEANER, *args])
    lines = [line for line in measured.stderr.splitlines() if line.strip()]
    message = next((line for line in lines if line.startswith(("error:", "warning:"))), lines[-1] if lines else "")
    seconds = measured.seconds
    measure = Measure(
        name, input_bytes, measured.exit_code, seconds, measured.tree_peak_mb, measured.process_peak_mb, message
    )
    print(
        f"{name}: exit {measure.exit_code}, {seconds:.1f} s, {input_bytes / MB / max(seconds, 1e-9):.2f} MB/s, "
        f"peak RSS {measure.tree_peak_mb:.0f} MB (process tree), {measure.process_peak_mb:.0f} MB (largest process)"
        f"\n    {message[:200]}",
        flush=True,
    )
    return measure


def _doc(measures: list[Measure], setup: dict[str, str]) -> str:
    rows = "\n".join(
        f"| {m.name} | {m.input_bytes / MB:,.0f} MB | {m.exit_code} | {m.seconds:,.1f} s | "
        f"{m.input_bytes / MB / max(m.seconds, 1e-9):.2f} MB/s | {m.tree_peak_mb:,.0f} MB | "
        f"{m.process_peak_mb:,.0f} MB | "
        f"{m.message[:140].replace('|', '/')} |"
        for m in measures
    )
    facts = "\n".join(f"- {key}: {value}" for key, value in setup.items())
    return f"""# Large inputs

Written by `make bench-large` (tools/bench_large.py); the figures below are from its last run. Issue 6 asks
that a 2 GB `.jsonl.gz` and a single 200 MB line are processed in bounded memory, or refused with a clear
message.

How cleaner bounds memory:

- JSON Lines are read one line at a time (`read_jsonl`); at most `--jobs` x 16 records are in flight
  between the reader and the workers (`WINDOW_PER_JOB` in cleaner/parallel.py), and each file's output is
  streamed to a temporary file renamed into place at the end. Memory does not grow with the file.
- A document (a text or HTML file, or one JSONL line) is read up to `MAX_DOCUMENT_BYTES` (64 MB) + 1 byte:
  past that it is refused with a one-line message naming it (`larger than 64 MB, the most one document may
  be; skipped`), and exit code 2; a JSONL line that long is copied through uncleaned, 1 MB at a time, and
  reported (`line longer than 64 MB, not cleaned; line copied unchanged`), the rest of its file cleaned.
- A line over `LONG_LINE` (100,000 characters) skips the pattern rules, and the report says so.

## Setup

{facts}

## Figures

Peak RSS: "tree" is the sum over the cleaner process and its worker processes, sampled every 0.1 s;
"largest" is the largest single process (getrusage).

| input | size (uncompressed) | exit | wall time | throughput | peak RSS (tree) | peak RSS (largest) | first message |
|---|---|---|---|---|---|---|---|
{rows}

The tests run scaled-down versions of each case (tests/test_reliability_large.py): a generated
`.jsonl.gz` of 64 MB of JSONL (peak RSS under 160 MB checked), a single line just over 64 MB (refused, from
a file and from stdin; the JSONL line copied through), and a line just over LONG_LINE (noted).
"""


def main() -> None:
    """Generate the inputs, clean each, print the figures and rewrite docs/large-inputs.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gz-mb", type=float, default=2048, help="compressed size of the .jsonl.gz (MB)")
    parser.add_argument("--line-mb", type=float, default=200, help="size of the single-line inputs (MB)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cleaner --jobs")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cleaner-bench-large"), help="scratch folder")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared folder")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs/large-inputs.md", help="the page to rewrite")
    parser.add_argument("--no-doc", action="store_true", help="print the figures only")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs and outputs")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("*"):
        if old.is_file():
            old.unlink()
    out = work / "out"
    measures: list[Measure] = []

    started = time.perf_counter()
    corpus = work / "corpus.jsonl.gz"
    records, raw = make_corpus(corpus, int(args.gz_mb * MB), args.shared)
    generated = time.perf_counter() - started
    print(
        f"generated {corpus}: {corpus.stat().st_size / MB:,.0f} MB gzipped, {raw / MB:,.0f} MB of JSONL, "
        f"{records:,} records, in {generated:.0f} s",
        flush=True,
    )
    measures.append(
        run(
            f"{corpus.name} ({records:,} records, {raw / MB:,.0f} MB uncompressed)",
            ["clean", str(corpus), "-o", str(out), "--jobs", str(args.jobs), "--isolated"],
            raw,
        )
    )
    cleaned = out / corpus.name
    if cleaned.exists():
        with gzip.open(cleaned, "rb") as handle:
            lines = sum(1 for _ in handle)
        print(f"    output: {cleaned.stat().st_size / MB:,.0f} MB gzipped, {lines:,} records", flush=True)
        if lines != records:
            print(f"    MISMATCH: {records:,} records in, {lines:,} out", flush=True)
    for suffix, jsonl in ((".txt", False), (".jsonl", True)):
        path = work / f"one-line{suffix}"
        make_line(path, int(args.line_mb * MB), jsonl)
        measures.append(
            run(
                f"{path.name} (one line)",
                ["clean", str(path), "-o", str(out), "--isolated", "-j", "1"],
                path.stat().st_size,
            )
        )
    near = work / "long-line.txt"
    make_line(near, 64 * MB - 1024, False)
    measures.append(
        run(
            f"{near.name} (one line just under 64 MB)",
            ["clean", str(near), "-o", str(out), "--isolated", "-j", "1"],
            near.stat().st_size,
        )
    )
    total = time.perf_counter() - started
    print(f"total {total / 60:.1f} min", flush=True)
    setup = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "arguments": f"--gz-mb {args.gz_mb:g} --line-mb {args.line_mb:g} --jobs {args.jobs}",
        "corpus": f"{records:,} records, {raw / MB:,.0f} MB of JSONL, {corpus.stat().st_size / MB:,.0f} MB gzipped, "
        f"generated in {generated:,.0f} s",
        "whole run (generation included)": f"{total / 60:,.1f} min",
    }
    if not args.no_doc:
        args.doc.write_text(_doc(measures, setup), encoding="utf-8")
        print(f"wrote {args.doc}")
    if not args.keep:
        for path in [*work.glob("*"), *out.glob("*")]:
            if path.is_file():
                path.unlink()


if __name__ == "__main__":
    main()
