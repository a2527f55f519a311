"""A fresh machine: make test's browser step."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _as_a_user(command: list[str]) -> list[str]:
    """The command as a user who is not root: run as root, the browser step would install Chromium."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to run make test's browser step as a user who is not root")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def test_the_browser_step_says_nothing_when_chromium_is_there() -> None:
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if chromium is None:
        pytest.fail("no chromium on PATH: run the suite with make test, which installs it or says how")
    done = subprocess.run(["make", "-s", "browser", f"CHROMIUM={chromium}"], cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_without_a_browser_make_test_stops_before_the_suite_with_one_line() -> None:
    # In a folder of its own that any user can read, with no .venv: had the step let make go on, it would
    # have tried to create one there (and failed, the folder being root's) or run the suite.
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        here.chmod(0o755)
        for name in ("Makefile", "pyproject.toml", "tools/browser.sh"):
            (here / name).parent.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, here / name)
        (here / "tools").chmod(0o755)
        command = _as_a_user(["make", "--no-print-directory", "test", "CHROMIUM=no-such-chromium"])
        done = subprocess.run(command, cwd=here, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert not (here / ".venv").exists()
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 2 and len(lines) == 1, lines
    assert "need Chromium" in lines[0] and "apt-get install chromium" in lines[0] and "CHROMIUM=" in lines[0]


def test_ci_leaves_the_set_up_to_make_test() -> None:
    steps = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line and not line.startswith("#")]
    assert steps[-1] == "make test" and not any("apt-get" in step or "chromium" in step for step in steps)
