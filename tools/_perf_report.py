"""What `make perf` prints and writes: the rows' table, the engine's stage table, and docs/performance.md."""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _measure import MB, Measured

ROOT = Path(__file__).resolve().parent.parent


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


# ---------------------------------------------------------------- the engine's stages


def stages_reference(shards: str, limit: int) -> None:
    """Print, as JSON, `clean_text`'s CPU seconds over the corpus's first `limit` bytes and its stage clock.

    Run twice: the default pipeline and without the model (`--ignore LQ`), each measured on a second pass
    over the texts: the first sets up what is made lazily (each language's expressions, ftfy, the model),
    which is not a stage.
    """
    from cleaner.engine import Config, clean_text, for_records
    from cleaner.engine.clock import measured

    texts: list[str] = []
    size = 0
    for path in sorted(Path(shards).glob("*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                if size >= limit:
                    break
                texts.append(json.loads(line)["text"])
                size += len(line)
    runs: dict[str, Any] = {}
    for name, ignore in (("default", ()), ("model off", ("LQ",))):
        config = for_records(Config(ignore=ignore))
        for text in texts:
            clean_text(text, config=config)
        with measured() as clock:
            started, wall = time.process_time(), time.perf_counter()
            for text in texts:
                clean_text(text, config=config)
            cpu, wall = time.process_time() - started, time.perf_counter() - wall
        runs[name] = {"cpu": cpu, "wall": wall, "stages": dict(clock.seconds)}
    print(json.dumps({"bytes": size, "documents": len(texts), "runs": runs}))


def stages_table(result: dict[str, Any], c4_rate: float) -> str:
    """The Markdown table of the engine's stages, in ms per MB, beside the C4 filter's budget."""
    from cleaner.engine.clock import STAGES

    size = result["bytes"] / MB
    default, off = result["runs"]["default"], result["runs"]["model off"]

    def ms(seconds: float) -> str:
        return f"{1000 * seconds / size:.1f}"

    total = sum(default["stages"].values()) or 1.0
    lines = [
        f"Where the engine's time goes: `clean_text` in one process over the first {size:.0f} MB of the corpus "
        f"({result['documents']:,} documents), each stage timed by the engine's clock (`cleaner/engine/clock.py`), "
        "in milliseconds per MB of input:",
        "",
        "| stage | what it does | default | its share | model off |",
        "|---|---|--:|--:|--:|",
    ]
    for name, what in STAGES:
        seconds, without = default["stages"].get(name, 0.0), off["stages"].get(name, 0.0)
        lines.append(f"| {name} | {what} | {ms(seconds)} | {seconds / total:.0%} | {ms(without)} |")
    lines.append(
        f"| all stages | CPU time of the whole run in brackets | {ms(total)} ({ms(default['cpu'])}) | 100% | "
        f"{ms(sum(off['stages'].values()))} ({ms(off['cpu'])}) |"
    )
    if c4_rate:
        budget = 1000 / c4_rate
        lines += [
            "",
            f"The C4 filter's whole run (reading, filtering, writing JSONL) took {budget:.0f} ms per MB here: the "
            f"budget of cleaner's whole run at 1x, {budget / 2:.0f} at 2x. The rows above add reading, JSON, writing "
            "and start-up to the engine's stages.",
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------- the page


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import subprocess

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    from cleaner.kernels import describe

    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{model.group(1).strip() if model else platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores (os.cpu_count())",
        "Python": f"{platform.python_version()} ({platform.system()} {platform.release()})",
        "kernels": describe(),
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

## Targets

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
- One large document: the same pages joined into one text file of --big-mb (30 MB), cleaned with the
  default pipeline; its peak memory is held against 10 times its size plus 100 MB.
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
- The engine's stages: `clean_text` in one process over the corpus's first --stages-mb (20 MB), timed by
  the engine's own clock between its stages (wall time in one thread; the CPU time of the whole run is in
  brackets), once with the default pipeline and once without the model. No I/O, JSON or start-up: the rows
  above have those.
- Start-up: cleaner installed from this tree as `pip install .` installs it (kernels compiled, bytecode
  compiled) into a virtual environment of its own that reads typer, rich and the other libraries from the
  development environment through a .pth line (so the editable checkout's import hook is not loaded);
  then medians of interleaved runs, on that interpreter, of `python -m cleaner check` on one small sample,
  a bare `python -c "import typer, rich"` (the CLI's framework, the floor of any typer CLI) and
  `python -c pass`.
- Other work on the same cores slows some rows more than others: the load averages above tell how busy
  the machine was.
"""
