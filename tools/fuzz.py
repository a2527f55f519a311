"""Coverage-guided fuzzing (atheris) of clean_text and of the JSONL reader, for a bounded time.

Run with `make fuzz` (FUZZ_SECONDS=120 per target by default; `make fuzz FUZZ_SECONDS=600`). The target
installs atheris on demand: it is not a dev dependency, so CI never needs it.

Targets:

- `clean_text`: the first byte picks the language (None, fr, en, de) and the quote style, the rest is
  decoded as UTF-8 with surrogateescape, so invalid bytes become lone surrogates (the API accepts any str).
  Checked: no exception, the output is a str, and a second run of the same language changes nothing.
- `jsonl`: the bytes are a JSONL stream for `cleaner.formats.read_jsonl`; every record's text is cleaned
  with the default rules and without TY001, and written back with `jsonl_line` (also with a changed text,
  so the rewrite path always runs), and the
  line written must parse as JSON with the new text in its field and every other field as it was. Only
  the reader's documented InputError (a line over 64 MB) may be raised.

The corpus is seeded from samples/ (each sample as text, and as JSONL records) and kept in
.fuzz/corpus-<target>/ between runs. An exception is not fatal: each distinct one (type and place) is
printed, its input saved under .fuzz/crashes/, and fuzzing goes on; the run exits 1 when any was found.
Inputs slower than --timeout seconds end the run as libFuzzer timeouts, also saved. Every crash found
becomes a regression test in tests/test_reliability*.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".fuzz"
TARGETS = ("clean_text", "jsonl")
LANGS = (None, "fr", "en", "de")
QUOTES = ("majority", "typographic", "ascii", "keep")
IGNORES: tuple[tuple[str, ...], ...] = ((), ("TY001",))


# ---------------------------------------------------------------- seeds


def _samples() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "samples").rglob("*.txt")) if not p.name.endswith(".clean.txt")]


def seed(target: str, corpus: Path) -> None:
    """Write the seed inputs of a target into its corpus folder (kept when already there)."""
    corpus.mkdir(parents=True, exist_ok=True)
    seeds: list[bytes] = []
    for i, sample in enumerate(_samples()):
        if target == "clean_text":
            seeds.append(bytes([i % 256]) + sample)
        else:
            text = sample.decode("utf-8", "replace")
            record = {"id": i, "text": text, "lang": LANGS[i % 4], "url": f"https://example.org/{i}"}
            line = json.dumps(record, ensure_ascii=bool(i % 2)).encode()
            seeds.append(line + (b"\r\n" if i % 3 == 0 else b"\n") + b'{"id": 0, "text": "broken\n[1]\n\n')
    if target == "jsonl":
        seeds.append(b'\xef\xbb\xbf{"text": "Publicit\\u00e9\\nLe ministre a dit.\\n", "text": "x"}\n')
        seeds.append(b'{"n": 1e400, "text": "\\ud800 Publicit\\u00e9\\n"}\n')
    for data in seeds:
        name = hashlib.sha1(data).hexdigest()
        if not (corpus / name).exists():
            (corpus / name).write_bytes(data)


# ---------------------------------------------------------------- the targets (run inside the fuzzer)


class Crashes:
    """Each distinct exception once: printed, its input saved; fuzzing goes on."""

    def __init__(self, target: str, folder: Path, stop: bool) -> None:
        self.target = target
        self.folder = folder
        self.stop = stop
        self.seen: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True)

    def guard(self, check: Callable[[bytes], None]) -> Callable[[bytes], None]:
        """The fuzzer's callback: `check`, with exceptions recorded instead of ending the run."""

        def callback(data: bytes) -> None:
            try:
                check(data)
            except Exception as error:
                if self.stop:
                    raise
                self.record(data, error)

        return callback

    def record(self, data: bytes, error: Exception) -> None:
        """Save and print an exception the first time its type and place are seen."""
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "/cleaner/" in f.filename] or frames
        place = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        key = f"{type(error).__name__}@{place}"
        if key in self.seen:
            return
        self.seen.add(key)
        name = f"{self.target}-{re.sub(r'[^A-Za-z0-9_.@-]', '_', key)}-{hashlib.sha1(data).hexdigest()[:12]}"
        (self.folder / name).write_bytes(data)
        print(f"\n=== CRASH {key}: {type(error).__name__}: {str(error)[:300]}", file=sys.stderr)
        print(f"    input ({len(data)} bytes) saved as {self.folder / name}: {data[:200]!r}", file=sys.stderr)
        traceback.print_exception(error, file=sys.stderr)
        sys.stderr.flush()


def check_clean_text(data: bytes) -> None:
    """clean_text on any str: no exception, idempotent in the same language."""
    from cleaner import Config, clean_text

    head = data[0] if data else 0
    lang = LANGS[head % 4]
    config = Config(quotes=QUOTES[(head >> 2) % 4])
    text = data[1:].decode("utf-8", "surrogateescape")
    result = clean_text(text, lang=lang, config=config)
    assert isinstance(result.text, str)
    again = clean_text(result.text, lang=result.lang, config=config)
    assert again.text == result.text, "not idempotent"


def check_jsonl(data: bytes) -> None:
    """read_jsonl on any bytes; each record cleaned and written back as valid JSON with only its text changed."""
    import io

    from cleaner.engine import Config, clean_text, for_records
    from cleaner.formats import Document, JsonlOptions, jsonl_line, read_jsonl
    from cleaner.io import InputError

    options = JsonlOptions()
    configs = [Config(ignore=ignore) for ignore in IGNORES]
    try:
        records = list(read_jsonl(io.BytesIO(data), options, "<fuzz>"))
    except InputError:
        return
    for record in records:
        if not isinstance(record, Document):
            continue
        assert record.text is not None and record.record is not None
        # The default rules, and a selection without the mojibake repair (TY001, which also replaces lone
        # surrogates), as `--ignore TY001` or `--select NV` run.
        results = [clean_text(record.text, lang=record.lang, config=for_records(c)) for c in configs]
        for text in {t for r in results for t in (r.text, r.text + "x")}:
            line = jsonl_line(record, text, options)
            assert line.endswith(record.ending)
            body = line[: len(line) - len(record.ending)] if record.ending else line
            parsed = json.loads(body.decode("utf-8").lstrip("\ufeff"))
            assert parsed[options.text_field] == text, "text field not written"
            others = {k: v for k, v in record.record.items() if k != options.text_field}
            assert {k: v for k, v in parsed.items() if k != options.text_field} == others, "other fields changed"


def run_target(target: str, seconds: int, max_len: int, timeout: int, stop: bool) -> None:
    """Fuzz one target in this process (atheris never returns: libFuzzer exits at the end)."""
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    with atheris.instrument_imports(include=["cleaner"]):
        import cleaner.engine
        import cleaner.formats  # noqa: F401

    corpus = WORK / f"corpus-{target}"
    seed(target, corpus)
    crashes = Crashes(target, WORK / "crashes", stop)
    check = check_clean_text if target == "clean_text" else check_jsonl
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        f"-max_len={max_len}",
        f"-timeout={timeout}",
        f"-artifact_prefix={WORK / 'crashes'}/{target}-",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, crashes.guard(check))
    atheris.Fuzz()


# ---------------------------------------------------------------- driver


def main() -> None:
    """Fuzz each target in its own process for a bounded time; print the executions and the crashes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "120")))
    parser.add_argument("--target", choices=TARGETS, action="append", help="default: every target")
    parser.add_argument("--max-len", type=int, default=8192, help="largest input, bytes")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    parser.add_argument("--stop-on-crash", action="store_true", help="end at the first exception (libFuzzer's way)")
    parser.add_argument("--run-target", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_target:
        run_target(args.run_target, args.seconds, args.max_len, args.timeout, args.stop_on_crash)
        return
    failed = False
    for target in args.target or TARGETS:
        print(f"fuzzing {target} for {args.seconds} s", flush=True)
        command = [sys.executable, __file__, "--run-target", target, "--seconds", str(args.seconds)]
        command += ["--max-len", str(args.max_len), "--timeout", str(args.timeout)]
        if args.stop_on_crash:
            command.append("--stop-on-crash")
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        log = WORK / f"{target}.log"
        log.write_text(proc.stderr, encoding="utf-8")
        runs = re.findall(r"Done (\d+) runs in (\d+) second", proc.stderr)
        crashes = re.findall(r"=== CRASH (\S+)", proc.stderr)
        coverage = re.findall(r"cov: (\d+) ft: (\d+)", proc.stderr)
        executed = f"{int(runs[-1][0]):,} executions in {runs[-1][1]} s" if runs else "no final count"
        cov = f", coverage {coverage[-1][0]} edges / {coverage[-1][1]} features" if coverage else ""
        print(f"  {target}: {executed}{cov}, corpus {len(list((WORK / f'corpus-{target}').iterdir()))} inputs")
        for crash in crashes:
            print(f"  {target}: CRASH {crash} (input in {WORK / 'crashes'})")
        if not runs:  # libFuzzer prints its final count only when the time ran out
            tail = "\n    ".join(proc.stderr.strip().splitlines()[-15:])
            print(f"  {target}: libFuzzer stopped early (crash or timeout):\n    {tail}")
            failed = True
        failed = failed or bool(crashes) or proc.returncode not in (0,)
        print(f"  full log: {log}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
