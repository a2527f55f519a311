"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit (`pre-commit try-repo`) in a temporary git repo.

try-repo installs the hooks from this repository's HEAD, plus its uncommitted changes to tracked files
(untracked files are left out), into a new virtualenv with pip. It keeps that virtualenv in a store of its
own, deleted on exit whatever PRE_COMMIT_HOME says, so every call installs again: the module calls it
twice (both hooks, then the check hook alone) and its tests share the two results.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
# Seconds per pre-commit call: on a fresh machine the install downloads the dependencies from PyPI.
TIMEOUT = 900

ARTICLE = (
    "Lyon rénovera quarante écoles d'ici à 2030",
    "La ville de Lyon a présenté mardi un plan de rénovation de quarante écoles primaires, financé à hauteur "
    "de 120 millions d'euros sur six ans. Les premiers chantiers concernent les bâtiments les plus anciens, "
    "construits avant 1950.",
    "Les travaux commenceront pendant les vacances d'été, afin de ne pas perturber les cours, a précisé "
    "l'adjointe chargée de l'éducation. Les parents d'élèves demandent à être associés au calendrier.",
)
BOILERPLATE = ("Publicité", "Suivez-nous sur Twitter", "Partager :", "We use cookies to improve your experience.")
# A scraped page: the article with the site's chrome between and after its paragraphs.
LINES = (ARTICLE[0], BOILERPLATE[0], ARTICLE[1], BOILERPLATE[1], ARTICLE[2], BOILERPLATE[2], BOILERPLATE[3])
DIRTY = "".join(line + "\n" for line in LINES)
BOILERPLATE_LINE_NUMBERS = {number for number, line in enumerate(LINES, 1) if line in BOILERPLATE}

FIXED = "corpus/lyon.txt"  # the page the hooks must report and clean
EXCLUDED = {  # the same page under paths that the configuration excludes, by key
    "exclude": "raw/lyon.txt",
    "extend-exclude": "corpus/lyon.orig.txt",
}
PYPROJECT = """\
[project]
name = "lyon-corpus"
version = "0"

[tool.cleaner]
exclude = ["raw/"]
extend-exclude = ["*.orig.txt"]
"""
FILES = (FIXED, *EXCLUDED.values())
HOOK_HEADER = re.compile(r"^(?P<name>cleaner (?:check|fix))\.+(?P<status>Passed|Failed|Skipped)$", re.MULTILINE)


@dataclass(frozen=True)
class Hook:
    """One hook's part of pre-commit's output: its status line and what follows it."""

    status: str
    body: str


@dataclass(frozen=True)
class Cycle:
    """The corpus repository and what the two try-repo calls printed and left behind."""

    repo: Path
    both: subprocess.CompletedProcess[str]  # try-repo with every hook of the manifest, on the dirty files
    check_again: subprocess.CompletedProcess[str]  # try-repo with cleaner-check only, after the fix
    after_fix: dict[str, str]  # the files' contents between the two calls


def hooks(output: str) -> dict[str, Hook]:
    """The hooks of a pre-commit run, in the order they ran."""
    headers = list(HOOK_HEADER.finditer(output))
    ends = [header.start() for header in headers[1:]] + [len(output)]
    return {
        header["name"]: Hook(header["status"], output[header.end() : end])
        for header, end in zip(headers, ends[: len(headers)], strict=True)
    }


def shown(result: subprocess.CompletedProcess[str]) -> str:
    return f"\n$ {' '.join(map(str, result.args))}\nexit code {result.returncode}\n{result.stdout}{result.stderr}"


def environment(home: Path) -> dict[str, str]:
    """The caller's environment without git's repository variables (set when run from a git hook), no prompts."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("GIT_") or key.startswith("GIT_CONFIG")
    }
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", GIT_TERMINAL_PROMPT="0", PIP_NO_INPUT="1")
    return env


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)


def try_repo(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), *args, "--color", "never", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home for the module, so that nothing is written to ~/.cache/pre-commit."""
    if not PRE_COMMIT.is_file():
        pytest.fail(f"{PRE_COMMIT} is missing: it comes with the dev extra (`make test` installs it)")
    if not (ROOT / ".git").exists():
        pytest.fail(f"{ROOT} is not a git repository: pre-commit try-repo installs the hooks from its commits")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory, pre_commit_home: Path) -> Cycle:
    """A corpus repository with a dirty page and two excluded copies; both hooks run, then the check hook."""
    repo = tmp_path_factory.mktemp("corpus-repo")
    env = environment(pre_commit_home)
    git(repo, env, "-c", "init.defaultBranch=main", "init", "-q")
    git(repo, env, "config", "user.name", "Corpus Tester")
    git(repo, env, "config", "user.email", "corpus@example.org")
    git(repo, env, "config", "commit.gpgsign", "false")
    (repo / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for name in FILES:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(DIRTY, encoding="utf-8")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "--no-verify", "-m", "Scraped pages")
    both = try_repo(repo, env, "--files", *FILES)
    after_fix = {name: (repo / name).read_text(encoding="utf-8") for name in FILES}
    check_again = try_repo(repo, env, "cleaner-check", "--files", *FILES)
    return Cycle(repo, both, check_again, after_fix)


def test_manifest_is_valid(pre_commit_home: Path) -> None:
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        env=environment(pre_commit_home),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, shown(result)


def test_check_hook_fails_on_a_dirty_file(cycle: Cycle) -> None:
    ran = hooks(cycle.both.stdout)
    assert list(ran) == ["cleaner check", "cleaner fix"], shown(cycle.both)  # the check saw the dirty file
    assert cycle.both.returncode == 1, shown(cycle.both)
    check = ran["cleaner check"]
    assert check.status == "Failed", shown(cycle.both)
    assert "- exit code: 1" in check.body, shown(cycle.both)
    reported = {int(m[1]) for m in re.finditer(rf"^{re.escape(FIXED)}:(\d+):\d+: [A-Z]{{2}}\d{{3}} ", check.body, re.M)}
    assert reported >= BOILERPLATE_LINE_NUMBERS, shown(cycle.both)
    for line in BOILERPLATE:
        assert line in check.body, shown(cycle.both)


def test_fix_hook_cleans_the_file_in_place(cycle: Cycle) -> None:
    fix = hooks(cycle.both.stdout)["cleaner fix"]
    assert fix.status == "Failed", shown(cycle.both)
    assert "- files were modified by this hook" in fix.body, shown(cycle.both)
    lines = cycle.after_fix[FIXED].splitlines()
    for line in BOILERPLATE:
        assert line not in lines, f"{line!r} is still in {FIXED}:\n{cycle.after_fix[FIXED]}"
    for line in ARTICLE:
        assert line in lines, f"{line!r} is missing from {FIXED}:\n{cycle.after_fix[FIXED]}"
    assert [line for line in lines if line in ARTICLE] == list(ARTICLE), cycle.after_fix[FIXED]


def test_check_hook_passes_after_the_fix(cycle: Cycle) -> None:
    assert cycle.check_again.returncode == 0, shown(cycle.check_again)
    ran = hooks(cycle.check_again.stdout)
    assert list(ran) == ["cleaner check"], shown(cycle.check_again)
    assert ran["cleaner check"].status == "Passed", shown(cycle.check_again)
    assert (cycle.repo / FIXED).read_text(encoding="utf-8") == cycle.after_fix[FIXED]
    # It passed with the excluded copies, still dirty, among the files named: --force-exclude let them through.
    for name in EXCLUDED.values():
        assert (cycle.repo / name).read_text(encoding="utf-8") == DIRTY, name


@pytest.mark.parametrize("key", list(EXCLUDED))
def test_force_exclude_applies_the_configured_excludes_to_named_files(cycle: Cycle, key: str) -> None:
    """pre-commit names the excluded copies; --force-exclude keeps them out of both hooks."""
    name = EXCLUDED[key]
    statuses = [hook.status for hook in hooks(cycle.both.stdout).values()]
    assert statuses == ["Failed", "Failed"], shown(cycle.both)  # both hooks ran on the files named
    for result in (cycle.both, cycle.check_again):
        for hook in hooks(result.stdout).values():
            assert f"{name}:" not in hook.body, shown(result)
    assert cycle.after_fix[name] == DIRTY, f"the fix hook rewrote {name}, excluded by {key}"
    assert (cycle.repo / name).read_text(encoding="utf-8") == DIRTY
