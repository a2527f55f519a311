"""Learning benchmark: the thresholds measured on synthetic sites, then time and memory on 50,000 documents.

Run with `make bench-learn`. Sites are built by tests/sites.py: each site's own chrome (header, menus,
widgets, newsletter and about blurbs, footer; fr, en, de, es) around article bodies written for the
tests, dev pages (../shared/bench/dev/blocks, each once per site) or paragraphs composed from the dev
pages' sentences; articles share a quotation and a legal sentence, and a "most read" box shows other
articles' titles. Learned lines are scored against those labels (see sites.Score). Prints Markdown.

1. thresholds: min-count x min-share on dev-page sites (three seeds), and the evidence rules switched off;
2. real pages: the 489 dev pages learned as one folder (many sites mixed), scored with score.py;
3. scale: a JSONL.gz corpus of --documents documents (sites of 1 to 3,000 pages), `cleaner learn` and
   `cleaner clean` with and without --site-rules, each timed with its peak memory (a fresh process);
4. bound: the same 20 sites with a tenth of the documents and with all of them, learned.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import sites  # noqa: E402  # the generator the tests use

import cleaner.learn as learning  # noqa: E402
from cleaner.learn import LearnOptions, learn  # noqa: E402
from cleaner.output import Options  # noqa: E402
from cleaner.rules.learned import site_key  # noqa: E402
from cleaner.siterules import Grouping, SiteRules  # noqa: E402

CLEANER = str(Path(sys.executable).parent / "cleaner")
DEV_SIZES = [("de", 120), ("de", 60), ("de", 30), ("de", 15), ("de", 8), ("en", 40), ("en", 20), ("en", 10),
             ("fr", 12), ("fr", 6), ("es", 16), ("es", 8)]  # fmt: skip
COUNTS = (2, 3, 5, 8)
SHARES = (0.05, 0.1, 0.2, 0.3)
SEEDS = (1, 2, 3)


def _write(path: Path, pages: Iterator[sites.Page]) -> int:
    count = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as handle:
        for page in pages:
            handle.write(page.record() + "\n")
            count += 1
    return count


def _learned(rules: SiteRules) -> dict[str, set[str]]:
    return {group.name: {site_key(line.text) for line in group.lines} for group in rules.groups}


def _add(total: sites.Score, part: sites.Score) -> None:
    for name in ("chrome", "found", "occurrences", "removed", "learned", "true"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.kept_learned += part.kept_learned
    total.other += part.other


def _row(label: str, score: sites.Score) -> str:
    return (
        f"| {label} | {score.learned} | {len(score.kept_learned)} | {score.precision:.3f} | "
        f"{score.strict_precision:.3f} | {score.recall:.3f} | {score.removed_share:.3f} |"
    )


HEADER = (
    "| setting | learned lines | article lines learned | precision | injected share | recall | chrome removed |\n"
    "|---|---|---|---|---|---|---|"
)


def thresholds(dev: Path, tmp: Path) -> None:
    """Precision and recall of learned lines over the threshold grid, and without each evidence rule."""
    corpora = []
    for seed in SEEDS:
        built = sites.corpus(DEV_SIZES, seed=seed, dev=dev)
        path = tmp / f"dev-sites-{seed}.jsonl.gz"
        _write(path, (page for pages in built[1] for page in pages))
        corpora.append((built, path))
    print(f"\n### Thresholds ({len(SEEDS)} corpora of {sum(n for _, n in DEV_SIZES)} pages, {len(DEV_SIZES)} sites)\n")
    print(HEADER)

    def measure(label: str, options: LearnOptions) -> None:
        total = sites.Score()
        for built, path in corpora:
            rules = learn([path], Options(), options)[0]
            _add(total, sites.score(built[0], built[1], _learned(rules), site_key))
        print(_row(label, total), flush=True)

    for count in COUNTS:
        for share in SHARES:
            measure(f"min-count {count}, min-share {share}", LearnOptions(Grouping(), count, share))
    defaults = LearnOptions()
    saved = (learning.EDGE_SHARE, learning.PROSE_SHARE, learning.TITLE_SHARE)
    learning.EDGE_SHARE = 0.0  # every long line has "context": long lines need no more evidence than short ones
    measure("defaults, long lines without further evidence", defaults)
    learning.EDGE_SHARE, learning.PROSE_SHARE, learning.TITLE_SHARE = saved
    learning.TITLE_SHARE = 0.0
    measure("defaults, no title guard", defaults)
    learning.EDGE_SHARE, learning.PROSE_SHARE, learning.TITLE_SHARE = saved
    total = sites.Score()
    for built, path in corpora:
        _add(total, sites.score(built[0], built[1], _learned(learn([path], Options())[0]), site_key))
    sample = random.Random(0).sample(total.other, min(30, len(total.other)))
    print(
        f"\nAt the defaults, {len(total.other)} learned lines are the dev pages' own, repeated across the pages "
        f"of a site (not injected, no gold content); a sample: {'; '.join(line.split(': ', 1)[1] for line in sample)}"
    )


_ALL = re.compile(r"^\s+all\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", re.MULTILINE)


def real_pages(shared: Path, tmp: Path) -> None:
    """The dev pages as one folder: what is learned across sites, and the score with and without it."""
    blocks = shared / "bench" / "dev" / "blocks"
    rules_path = tmp / "dev-rules.toml"
    subprocess.run([CLEANER, "learn", str(blocks), "-o", str(rules_path), "-q", "--group-by", "folder",
                    "--isolated"], check=True)  # fmt: skip
    text = rules_path.read_text(encoding="utf-8")
    lines = re.findall(r'^text = "(.*)"$', text, re.MULTILINE)
    print(f"\n### Real pages: the {len(list(blocks.glob('*.txt')))} dev pages as one folder (mixed sites)\n")
    print(f"learned {len(lines)} lines: {', '.join(lines[:40])}{' ...' if len(lines) > 40 else ''}\n")
    print("| run | P | R | F1 |\n|---|---|---|---|")
    for label, extra in (("rules", []), ("rules + learned lines", ["--site-rules", str(rules_path)])):
        out = tmp / f"dev-out-{len(extra)}"
        subprocess.run([CLEANER, "clean", str(blocks), "-o", str(out), "-q", "--isolated", *extra], check=False)
        score = subprocess.run([sys.executable, str(shared / "bench" / "score.py"), "dev", str(out), "--style",
                                "blocks"], capture_output=True, text=True, check=True)  # fmt: skip
        match = _ALL.search(score.stdout)
        assert match, score.stdout
        print(f"| {label} | {match.group(1)} | {match.group(2)} | {match.group(3)} |")


def scale_sizes(documents: int, seed: int) -> list[tuple[str, int]]:
    """Sites of 1 to 3,000 pages (log-normal, median 20) in four languages, until `documents` pages."""
    rng = random.Random(seed)
    sizes: list[tuple[str, int]] = []
    while (total := sum(n for _, n in sizes)) < documents:
        size = min(3000, max(1, int(rng.lognormvariate(3.0, 1.3))), documents - total)
        sizes.append((rng.choices(("de", "en", "fr", "es"), (45, 30, 15, 10))[0], size))
    return sizes


def _timed(command: list[str]) -> tuple[float, float, float, int]:
    """Wall and CPU seconds (with its workers), peak resident MB (the largest process), exit code of a run.

    Through GNU time when there is one: a child's peak memory counts its parent's at the fork (Linux
    keeps the high-water mark across exec), and this script is larger than what it measures.
    """
    if os.path.exists("/usr/bin/time"):
        run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
        wall, user, system, kilobytes = run.stderr.strip().splitlines()[-1].split()
        return float(wall), float(user) + float(system), int(kilobytes) / 1024, run.returncode
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - started, cpu, usage.ru_maxrss / 1024, process.returncode


def _corpus(dev: Path, tmp: Path, documents: int) -> tuple[Path, list[tuple[str, int]], int]:
    sizes = scale_sizes(documents, seed=50)
    path = tmp / f"scale-{documents}.jsonl.gz"
    pages = (page for _, site_pages in sites.stream(sizes, 50, dev, dev_bodies=False) for page in site_pages)
    return path, sizes, _write(path, pages)


def scale(dev: Path, tmp: Path, documents: int, jobs: int) -> None:
    """Learn and clean a large corpus: time, memory, and the learned lines scored at that size."""
    started = time.perf_counter()
    small, _, small_count = _corpus(dev, tmp, documents // 10)
    path, sizes, written = _corpus(dev, tmp, documents)
    generated = time.perf_counter() - started
    megabytes = path.stat().st_size / 1e6
    print(f"\n### Scale: {written:,} documents, {len(sizes):,} sites, {megabytes:.0f} MB gzipped "
          f"(generated in {generated:.0f} s)\n")  # fmt: skip
    rules = tmp / "scale-rules.toml"
    print("| command | documents | seconds | CPU seconds | peak memory (MB) |\n|---|---|---|---|---|")
    for corpus, count in ((small, small_count), (path, written)):
        seconds, cpu, memory, code = _timed([CLEANER, "learn", str(corpus), "-o", str(rules), "-q"])
        assert code == 0, code
        print(f"| cleaner learn | {count:,} | {seconds:.0f} | {cpu:.0f} | {memory:.0f} |", flush=True)
    for label, extra in (("cleaner clean --site-rules", ["--site-rules", str(rules)]), ("cleaner clean", [])):
        command = [CLEANER, "clean", str(path), "-o", str(tmp / "out"), "-q", "-j", str(jobs), *extra]
        seconds, cpu, memory, code = _timed(command)
        print(f"| {label} (-j {jobs}) | {written:,} | {seconds:.0f} | {cpu:.0f} | {memory:.0f} |", flush=True)
    for corpus in (small, path):
        _, _, stats = learn([corpus], Options())  # in process, for the counter's figures
        print(f"\n{stats.documents:,} documents: {stats.lines:,} distinct lines of documents, counter peak "
              f"{stats.peak_entries:,} entries, Bloom filter {stats.filter_bytes / 1e6:.0f} MB; {stats.candidates:,} "
              f"candidates, {stats.learned:,} lines learned for {stats.groups:,} sites")  # fmt: skip
    from cleaner.siterules import load

    learned = _learned(load(rules))
    total = sites.Score()
    for site, site_pages in sites.stream(sizes, 50, dev, dev_bodies=False):
        _add(total, sites.score([site], [site_pages], learned, site_key))
    print(f"\n{HEADER}")
    print(_row("defaults", total))
    if total.kept_learned:
        print("\narticle lines learned:", "; ".join(total.kept_learned[:20]))


def bound(dev: Path, tmp: Path, documents: int) -> None:
    """The same 20 sites with ten times the pages: memory follows the candidate lines, not the corpus."""
    print(f"\n### Memory bound: 20 sites, {documents // 10:,} then {documents:,} documents\n")
    print("| documents | seconds | CPU seconds | peak memory (MB) | counter peak | candidates | Bloom filter (MB) |")
    print("|---|---|---|---|---|---|---|")
    languages = ("de", "en", "fr", "es")
    for total in (documents // 10, documents):
        sizes = [(languages[n % 4], total // 20) for n in range(20)]
        path = tmp / f"bound-{total}.jsonl.gz"
        _write(path, (page for _, pages in sites.stream(sizes, 7, dev, dev_bodies=False) for page in pages))
        seconds, cpu, memory, code = _timed([CLEANER, "learn", str(path), "-o", str(tmp / "bound.toml"), "-q"])
        assert code == 0, code
        stats = learn([path], Options())[2]
        counts = f"{stats.peak_entries:,} | {stats.candidates:,} | {stats.filter_bytes / 1e6:.0f}"
        print(f"| {total:,} | {seconds:.0f} | {cpu:.0f} | {memory:.0f} | {counts} |", flush=True)


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip", action="append", default=[], choices=("thresholds", "real", "scale", "bound"))
    args = parser.parse_args()
    dev = args.shared / "bench" / "dev"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if "thresholds" not in args.skip:
            thresholds(dev, tmp)
        if "real" not in args.skip:
            real_pages(args.shared, tmp)
        if "scale" not in args.skip:
            scale(dev, tmp, args.documents, args.jobs)
        if "bound" not in args.skip:
            bound(dev, tmp, args.documents)


if __name__ == "__main__":
    main()
