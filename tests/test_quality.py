"""Quality gates on the shared data: the seeds line by line, and snippet F1 on the dev set."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean_text

# Pinned minimums. Raising a pin is fine; lowering one needs a reason in the commit message.
DEV_PINS = {"blocks": (0.89, 0.96), "markdownish": (0.89, 0.96)}  # F1, recall of the `all` row


def _cleaner() -> str:
    return str(Path(sys.executable).parent / "cleaner")


def test_seeds_score_perfectly(shared: Path, tmp_path: Path) -> None:
    subprocess.run([_cleaner(), "clean", str(shared / "seeds"), "-o", str(tmp_path), "-q"], check=True)
    score = subprocess.run(
        [sys.executable, str(shared / "bench" / "score.py"), "seeds", str(tmp_path)], capture_output=True, text=True
    )
    last = score.stdout.strip().splitlines()[-1]
    assert score.returncode == 0, score.stdout
    assert last == (
        "seeds: kept 50/50 content lines, removed 33/33 boilerplate lines, 0 unmatched output lines, "
        "0 typography defects"
    )


@pytest.mark.parametrize("style", sorted(DEV_PINS))
def test_dev_set_f1(shared: Path, tmp_path: Path, style: str) -> None:
    for path in sorted((shared / "bench" / "dev" / style).glob("*.txt")):
        (tmp_path / path.name).write_text(clean_text(path.read_text(encoding="utf-8")).text, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(shared / "bench" / "score.py"), "dev", str(tmp_path), "--style", style],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"^\s+all\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", score.stdout, re.MULTILINE)
    assert match, score.stdout
    recall, f1 = float(match.group(2)), float(match.group(3))
    min_f1, min_recall = DEV_PINS[style]
    assert f1 >= min_f1 and recall >= min_recall, score.stdout
