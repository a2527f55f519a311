"""A fresh machine: make test's browser step, and cleaner installed by the pip a new virtual environment carries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project leaves out: what set-up, tests and tools write, and git's own files.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "out", "*.egg-info", "build", "__pycache__", ".*_cache", ".fuzz")
PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge to close</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Bridge to close to cars next spring</h1>
<p>The council voted on Tuesday to close the old bridge to cars from next spring, after engineers found
cracks in two of its piers last year.</p>
<p>A new crossing will be built downstream, and buses will use a temporary ferry until then, the mayor said.</p>
<p>Follow us on Facebook</p></article>
<footer>Copyright 2024 The Town Courier. All rights reserved.</footer></body></html>
"""


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


def test_a_fresh_venv_with_its_own_pip_installs_cleaner_and_cleans_html(tmp_path: Path) -> None:
    """`python3 -m venv` and the pip it brings (not upgraded: 23.2 with Python 3.11) install what HTML mode needs.

    Such a pip does not match jusText's `lxml[html_clean]` with lxml's `html-clean` extra, so cleaner declares
    `lxml_html_clean` itself; without it every HTML page failed with an ImportError.
    """
    tree = tmp_path / "cleaner"
    shutil.copytree(ROOT, tree, ignore=NOT_SOURCES)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True).stdout
    bundled = subprocess.run(
        [python, "-c", "import ensurepip; print(ensurepip.version())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert pip.startswith(f"pip {bundled} "), pip  # the pip ensurepip bundles, as a new user has it
    install = subprocess.run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", tree], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stdout + install.stderr
    (tmp_path / "page.html").write_bytes(PAGE)
    done = subprocess.run(
        [venv / "bin" / "cleaner", "clean", "page.html", "-o", "out"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    assert "engineers found" in text and "temporary ferry" in text
    assert "Follow us" not in text and "Copyright" not in text
