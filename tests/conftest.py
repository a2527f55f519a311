"""Shared test helpers: the location of ../shared (a clear failure when it is missing), an isolated cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed, so a red build is reproducible; local runs explore randomly
# and keep what they find in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (seeds, dev set, scorer); a test that needs it fails with a clear message."""
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"{SHARED} is missing: this test needs the shared seeds and bench next to the repository")
    return SHARED


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of this project's tests: --regenerate rewrites the golden files of tests/test_samples.py."""
    parser.addoption(
        "--regenerate",
        action="store_true",
        default=False,
        help="rewrite samples/**/*.clean.txt from the cleaner's output instead of comparing; "
        "review the change with `git diff samples/`",
    )


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache of `cleaner check` in a folder of this test session, never the user's ~/.cache.

    Set in the environment, so the commands the tests start as subprocesses (pre-commit, the CLI) use it too.
    """
    folder = tmp_path_factory.mktemp("cleaner-cache")
    before = os.environ.get("CLEANER_CACHE_DIR")
    os.environ["CLEANER_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CLEANER_CACHE_DIR", None)
    else:
        os.environ["CLEANER_CACHE_DIR"] = before
