"""Golden tests: every samples/<lang>/<case>.txt cleans to exactly the bytes of its <case>.clean.txt.

Run with --regenerate to rewrite the expected files from the cleaner's output instead of comparing, then
review the change with `git diff samples/` (see samples/README.md).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from cleaner.engine import clean_text
from cleaner.io import decode, encode
from cleaner.runner import clean_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED_SUFFIX = ".clean.txt"
MIN_PAIRS = 12
MIN_LANGUAGES = 3

# Characters a reader cannot see in a diff, written as escapes so a mismatch on them shows.
_VISIBLE = str.maketrans(
    {
        "\r": "\\r",
        "\t": "\\t",
        "\u00a0": "\\u00a0",
        "\u202f": "\\u202f",
        "\ufeff": "\\ufeff",
        "\u200b": "\\u200b",
    }
)


def is_expected(path: Path) -> bool:
    """Whether a file is an expected output (`<case>.clean.txt`) rather than an input."""
    return path.name.endswith(EXPECTED_SUFFIX)


def sample_inputs() -> list[Path]:
    """Every input under samples/, in a stable order."""
    return sorted(p for p in SAMPLES.rglob("*.txt") if not is_expected(p))


def expected_outputs() -> list[Path]:
    """Every expected output under samples/, in a stable order."""
    return sorted(p for p in SAMPLES.rglob("*" + EXPECTED_SUFFIX))


def expected_for(source: Path) -> Path:
    """The expected output next to an input: `case.txt` -> `case.clean.txt`."""
    return source.with_name(source.name.removesuffix(".txt") + EXPECTED_SUFFIX)


def input_for(expected: Path) -> Path:
    """The input next to an expected output: `case.clean.txt` -> `case.txt`."""
    return expected.with_name(expected.name.removesuffix(EXPECTED_SUFFIX) + ".txt")


def clean_like_cli(source: Path) -> bytes:
    """Clean one file as `cleaner clean` does: bytes in, decode, clean with the defaults, encode."""
    decoded = decode(source.read_bytes(), str(source))
    return encode(clean_text(decoded.text).text, decoded)


def visible_lines(data: bytes) -> list[str]:
    """The lines of a file for a diff, with invisible characters escaped and a missing final newline shown."""
    text = data.decode("utf-8", errors="backslashreplace")
    lines = text.split("\n")
    tail = [] if lines[-1] == "" else ["\\ No newline at end of file"]
    if lines[-1] == "":
        lines.pop()
    return [line.translate(_VISIBLE) for line in lines] + tail


def readable_diff(expected: bytes, actual: bytes, name: str) -> str:
    """A unified diff from the expected bytes to the cleaner's output."""
    diff = difflib.unified_diff(
        visible_lines(expected),
        visible_lines(actual),
        f"{name} (expected)",
        f"{name} (cleaner output)",
        lineterm="",
    )
    text = "\n".join(diff)
    return text or f"{name}: the bytes differ, but not in any line shown (byte-order mark or encoding?)"


def _case_id(source: Path) -> str:
    return source.relative_to(SAMPLES).with_suffix("").as_posix()


@pytest.mark.parametrize("source", sample_inputs(), ids=_case_id)
def test_sample_cleans_to_expected(source: Path, request: pytest.FixtureRequest) -> None:
    actual = clean_like_cli(source)
    expected_path = expected_for(source)
    name = expected_path.relative_to(ROOT).as_posix()
    if bool(request.config.getoption("--regenerate")):
        if not expected_path.exists() or expected_path.read_bytes() != actual:
            expected_path.write_bytes(actual)
        return
    if not expected_path.exists():
        pytest.fail(f"{name} is missing: run `pytest tests/test_samples.py --regenerate` and review it")
    expected = expected_path.read_bytes()
    if actual != expected:
        pytest.fail(f"cleaning {_case_id(source)}.txt does not give {name}:\n{readable_diff(expected, actual, name)}")


def test_samples_cover_enough_cases_and_languages() -> None:
    inputs = sample_inputs()
    languages = {source.parent.name for source in inputs}
    assert len(inputs) >= MIN_PAIRS, f"samples/ has {len(inputs)} input files, at least {MIN_PAIRS} are needed"
    assert len(languages) >= MIN_LANGUAGES, f"samples/ covers {sorted(languages)}: at least {MIN_LANGUAGES} needed"


def test_samples_are_laid_out_by_language() -> None:
    misplaced = [p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.txt") if p.parent.parent != SAMPLES]
    assert not misplaced, f"samples must be samples/<lang>/<case>.txt: {misplaced}"


def test_every_input_has_its_expected_output_and_back() -> None:
    without_expected = [p.relative_to(SAMPLES).as_posix() for p in sample_inputs() if not expected_for(p).exists()]
    without_input = [p.relative_to(SAMPLES).as_posix() for p in expected_outputs() if not input_for(p).exists()]
    assert not without_expected, f"inputs without a .clean.txt (run with --regenerate): {without_expected}"
    assert not without_input, f"expected outputs without an input: {without_input}"


def test_helper_cleans_like_the_cli_runner(tmp_path: Path) -> None:
    # The golden test uses clean_like_cli; the CLI goes through the runner, as clean_file does. Both agree.
    for source in sample_inputs():
        relative = source.relative_to(SAMPLES)
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_file(source, target)
        assert target.read_bytes() == clean_like_cli(source), relative.as_posix()
