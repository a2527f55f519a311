"""Configuration: [tool.cleaner] in pyproject.toml or cleaner.toml, found upward; errors name the key; precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import ARTICLE_FR, cleaned, invoke, run_script, write_tree

# Four removable lines: NV001, NV005, SO001, NV019.
CHROME = (
    "Aller au contenu principal\n"
    "Le ministre a parlé lundi à Paris de la réforme des retraites, selon son entourage.\n"
    "Publicité\n"
    "Suivez-nous sur Twitter\n"
    "Temps de lecture : 4 min\n"
    "La suite du texte est ici, dit-il, et il a ajouté que tout allait bien pour le pays.\n"
)
ANZEIGE = (
    "The storm hit the coast on Monday night, and officials said thousands were without power.\n"
    "Anzeige\n"
    "The storm hit the coast on Monday night again, officials said.\n"
)
QUOTES = "L’homme a dit qu’il viendrait demain matin avec l’équipe.\nC’est la vie, dit l’auteur.\n"
HEAVY = (
    "Suivez-nous sur Twitter\nSuivez-nous sur Facebook\nPublicité\nPublicité\nPartager sur Facebook\n"
    "Partager sur Twitter\nLire aussi : Frappes russes à Idleb : Moscou dément les accusations\nLe ministre parle.\n"
)


def codes(project: Path, *args: str) -> dict[str, list[str]]:
    """The codes `check` finds per file (relative to `project`), with any extra arguments."""
    result = invoke("check", *args, "--output-format", "json", "--quiet")
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[str]] = {}
    for row in json.loads(result.stdout):
        found.setdefault(Path(row["path"]).relative_to(project).as_posix(), []).append(row["code"])
    return found


def project_with(tmp_path: Path, config: str, name: str = "cleaner.toml", files: dict[str, str] | None = None) -> Path:
    project = tmp_path / "project"
    write_tree(project, {path: text.encode() for path, text in (files or {"docs/a.txt": CHROME}).items()})
    (project / name).write_text(config, encoding="utf-8")
    return project


# ---------------------------------------------------------------- discovery of the configuration


def test_pyproject_tool_cleaner_is_found_upward_from_the_inputs(tmp_path: Path) -> None:
    project = project_with(tmp_path, '[project]\nname = "x"\n\n[tool.cleaner]\nignore = ["NV"]\n', "pyproject.toml")
    # the test runs from the repository root: the configuration is found from the input, not the cwd
    assert codes(project, str(project / "docs/a.txt")) == {"docs/a.txt": ["SO001"]}
    assert codes(project, str(project / "docs")) == {"docs/a.txt": ["SO001"]}


def test_the_nearest_configuration_wins_and_pyproject_without_a_table_is_skipped(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'ignore = ["NV"]\n')
    write_tree(project, {"docs/sub/b.txt": CHROME.encode(), "docs/other/c.txt": CHROME.encode()})
    (project / "docs/sub/cleaner.toml").write_text('ignore = ["SO", "NV01"]\n')
    (project / "docs/other/pyproject.toml").write_text('[project]\nname = "other"\n')
    assert codes(project, str(project / "docs/sub")) == {"docs/sub/b.txt": ["NV001", "NV005"]}
    assert codes(project, str(project / "docs/other")) == {"docs/other/c.txt": ["SO001"]}


def test_a_pyproject_that_never_names_cleaner_is_not_parsed(tmp_path: Path) -> None:
    # Another tool's broken pyproject.toml is not cleaner's to judge: without the word "cleaner" it cannot
    # hold [tool.cleaner], so it is skipped unread (and the search goes on upward).
    project = project_with(tmp_path, 'ignore = ["NV"]\n')
    (project / "docs/pyproject.toml").write_text("[project\nname = = broken\n")
    assert codes(project, str(project / "docs")) == {"docs/a.txt": ["SO001"]}
    (project / "docs/pyproject.toml").write_text("[tool.cleaner\nignore = = broken\n")
    result = invoke("check", str(project / "docs"))
    assert result.exit_code == 2 and "pyproject.toml" in result.stderr


def test_cleaner_toml_comes_before_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path, '[tool.cleaner]\nignore = ["SO"]\n', "pyproject.toml")
    (project / "cleaner.toml").write_text('ignore = ["NV"]\n')
    assert codes(project, str(project / "docs")) == {"docs/a.txt": ["SO001"]}


def test_stdin_finds_the_configuration_from_the_working_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'ignore = ["NV"]\n')
    proc = run_script("clean", "-", "-q", stdin=CHROME.encode(), cwd=project)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "Publicité" in text and "Suivez-nous" not in text


def test_config_option_names_the_file_and_isolated_ignores_them(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'ignore = ["NV"]\n')
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('select = ["NV00"]\n')
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.cleaner]\nselect = ["SO"]\n')
    a = str(project / "docs/a.txt")
    assert codes(project, a) == {"docs/a.txt": ["SO001"]}
    assert codes(project, a, "--config", str(elsewhere)) == {"docs/a.txt": ["NV001", "NV005"]}
    assert codes(project, a, "--config", str(pyproject)) == {"docs/a.txt": ["SO001"]}
    assert codes(project, a, "--isolated") == {"docs/a.txt": ["NV001", "NV005", "SO001", "NV019"]}


# ---------------------------------------------------------------- every key


def test_select_extend_select_and_ignore_keys(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'select = ["SO"]\nextend-select = ["NV0"]\nignore = ["NV001"]\n')
    assert codes(project, str(project / "docs")) == {"docs/a.txt": ["NV005", "SO001", "NV019"]}


def test_per_file_ignores_globs_are_relative_to_the_configuration_folder(tmp_path: Path) -> None:
    files = {"docs/a.txt": CHROME, "docs/sub/b.txt": CHROME, "sub/c.txt": CHROME}
    project = project_with(tmp_path, '[per-file-ignores]\n"docs/sub/*.txt" = ["SO", "NV01"]\n', files=files)
    found = codes(project, str(project))
    assert found["docs/sub/b.txt"] == ["NV001", "NV005"]
    assert found["docs/a.txt"] == found["sub/c.txt"] == ["NV001", "NV005", "SO001", "NV019"]
    # the same from a working folder inside the project: globs do not follow the cwd
    proc = run_script("check", ".", "--output-format", "json", "-q", cwd=project / "docs")
    rows = json.loads(proc.stdout)
    assert sorted({row["path"] for row in rows if row["code"] == "SO001"}) == ["a.txt"]


def test_exclude_and_extend_exclude_keys(tmp_path: Path) -> None:
    files = {
        "docs/a.txt": CHROME,
        "docs/drafts/b.txt": CHROME,
        "docs/c.clean.txt": CHROME,
        "node_modules/x.txt": CHROME,
    }
    project = project_with(tmp_path, 'extend-exclude = ["drafts", "*.clean.txt"]\n', files=files)
    assert set(codes(project, str(project))) == {"docs/a.txt"}  # node_modules stays excluded by default
    (project / "cleaner.toml").write_text('exclude = ["drafts", "docs/c.*.txt"]\n')  # replaces the defaults
    assert set(codes(project, str(project))) == {"docs/a.txt", "node_modules/x.txt"}


def test_exclude_a_folder_by_its_path_relative_to_the_configuration(tmp_path: Path) -> None:
    # "docs/drafts" names one folder (not every folder called drafts): everything under it is excluded.
    files = {"docs/a.txt": CHROME, "docs/drafts/b.txt": CHROME, "other/drafts/c.txt": CHROME}
    project = project_with(tmp_path, 'extend-exclude = ["docs/drafts"]\n', files=files)
    assert set(codes(project, str(project))) == {"docs/a.txt", "other/drafts/c.txt"}


def test_languages_key_limits_the_guess(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'languages = ["de"]\n', files={"en.txt": ANZEIGE})
    assert codes(project, str(project)) == {"en.txt": ["NV005"]}
    assert codes(project, str(project), "--isolated") == {}


def test_quotes_key(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'quotes = "ascii"\n', files={"q.txt": QUOTES})
    result = invoke("clean", str(project / "q.txt"), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0
    assert (tmp_path / "out/q.txt").read_text(encoding="utf-8") == QUOTES.replace("’", "'")


def test_max_drop_ratio_key(tmp_path: Path) -> None:
    project = project_with(tmp_path, "max-drop-ratio = 1.0\n", files={"heavy.txt": HEAVY})
    result = invoke("clean", str(project / "heavy.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out/heavy.txt").read_text(encoding="utf-8") == "Le ministre parle.\n"
    assert "held back" not in result.stderr


def test_text_field_key(tmp_path: Path) -> None:
    line = json.dumps({"content": ARTICLE_FR, "text": "Publicité"}) + "\n"
    project = project_with(tmp_path, 'text-field = "content"\n', files={"d.jsonl": line})
    result = invoke("clean", str(project / "d.jsonl"), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0
    record = json.loads((tmp_path / "out/d.jsonl").read_text(encoding="utf-8"))
    assert "Publicité" not in record["content"] and record["text"] == "Publicité"


# ---------------------------------------------------------------- errors name the key


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ('selekt = ["NV"]\n', "selekt"),
        ('select = ["XY"]\n', "select"),
        ('extend-select = ["NV", "QQ9"]\n', "extend-select"),
        ("ignore = [1]\n", "ignore"),
        ('per-file-ignores = ["a"]\n', "per-file-ignores"),
        ('[per-file-ignores]\n"*.txt" = ["ZZ"]\n', "per-file-ignores"),
        ("exclude = 3\n", "exclude"),
        ("extend-exclude = [true]\n", "extend-exclude"),
        ('languages = ["French"]\n', "languages"),
        ("max-drop-ratio = 0\n", "max-drop-ratio"),
        ('max-drop-ratio = "0.5"\n', "max-drop-ratio"),
        ("max-drop-ratio = 1.5\n", "max-drop-ratio"),
        ('quotes = "fancy"\n', "quotes"),
        ('text-field = ""\n', "text-field"),
        ("[lint]\nselect = []\n", "lint"),
    ],
)
@pytest.mark.parametrize("name", ["cleaner.toml", "pyproject.toml"])
def test_unknown_keys_and_bad_values_exit_2_naming_the_key(tmp_path: Path, config: str, key: str, name: str) -> None:
    if name == "pyproject.toml":
        config = "[tool.cleaner]\n" + config.replace("[per-file-ignores]", "[tool.cleaner.per-file-ignores]")
        config = config.replace("[lint]", "[tool.cleaner.lint]")
    project = project_with(tmp_path, config, name)
    for args in (["check", str(project / "docs")], ["clean", str(project / "docs"), "-o", str(tmp_path / "out")]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and key in errors[0] and name in errors[0], errors
    assert not (tmp_path / "out").exists()


def test_unreadable_toml_exits_2(tmp_path: Path) -> None:
    project = project_with(tmp_path, "this is not toml\n")
    result = invoke("check", str(project / "docs"))
    assert result.exit_code == 2
    assert "cleaner.toml" in result.stderr


# ---------------------------------------------------------------- precedence: defaults < file < command line


def test_command_line_select_replaces_the_file_select(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'select = ["SO"]\n')
    a = str(project / "docs/a.txt")
    assert codes(project, a) == {"docs/a.txt": ["SO001"]}
    assert codes(project, a, "--select", "NV00") == {"docs/a.txt": ["NV001", "NV005"]}
    assert codes(project, a, "--extend-select", "NV00") == {"docs/a.txt": ["NV001", "NV005", "SO001"]}
    assert codes(project, a, "--ignore", "SO") == {}


def test_command_line_ignore_adds_to_the_file_ignore(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'ignore = ["NV00"]\n')
    a = str(project / "docs/a.txt")
    assert codes(project, a) == {"docs/a.txt": ["SO001", "NV019"]}
    assert codes(project, a, "--ignore", "SO") == {"docs/a.txt": ["NV019"]}


def test_command_line_select_enables_what_the_file_ignores(tmp_path: Path) -> None:
    # As in ruff: with `ignore = ["NV"]` in the file, `--select NV` on the command line runs the NV rules.
    project = project_with(tmp_path, 'ignore = ["NV"]\n')
    a = str(project / "docs/a.txt")
    assert codes(project, a, "--select", "NV005") == {"docs/a.txt": ["NV005"]}
    # With SO off, "Suivez-nous sur Twitter" sits between two lines NV removes on their own text
    # ("Publicité", "Temps de lecture : 4 min"): the chrome-island rule NV010 takes it.
    assert codes(project, a, "--select", "NV") == {"docs/a.txt": ["NV001", "NV005", "NV010", "NV019"]}


def test_command_line_values_override_the_file(tmp_path: Path) -> None:
    files = {"heavy.txt": HEAVY, "q.txt": QUOTES, "d.jsonl": json.dumps({"body": CHROME, "text": CHROME}) + "\n"}
    project = project_with(tmp_path, 'max-drop-ratio = 1\nquotes = "ascii"\ntext-field = "body"\n', files=files)
    out = tmp_path / "out"
    result = invoke(
        "clean", str(project), "-o", str(out), "--max-drop-ratio", "0.9", "--quotes", "keep", "--text-field", "text"
    )
    assert result.exit_code == 0, result.output
    assert (out / "heavy.txt").read_text(encoding="utf-8") == HEAVY  # held again by the command line's 0.9
    assert (out / "q.txt").read_text(encoding="utf-8") == QUOTES
    record = json.loads((out / "d.jsonl").read_text(encoding="utf-8"))
    assert record["body"] == CHROME and "Publicité" not in record["text"]


def test_file_values_override_the_defaults(tmp_path: Path) -> None:
    project = project_with(
        tmp_path, 'quotes = "ascii"\nmax-drop-ratio = 0.2\n', files={"a.txt": CHROME, "q.txt": QUOTES}
    )
    result = invoke("clean", str(project), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out/a.txt").read_text(encoding="utf-8") == CHROME  # held at 0.2, not the default 0.9
    assert (tmp_path / "out/q.txt").read_text(encoding="utf-8") == QUOTES.replace("’", "'")
    isolated = invoke("clean", str(project), "-o", str(tmp_path / "iso"), "--isolated")
    assert isolated.exit_code == 0
    assert (tmp_path / "iso/a.txt").read_bytes() == cleaned(CHROME)


# ---------------------------------------------------------------- --force-exclude


def test_force_exclude_applies_file_excludes_to_named_files(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'extend-exclude = ["docs/skip.txt"]\n', files={"docs/skip.txt": CHROME})
    named = str(project / "docs/skip.txt")
    assert codes(project, str(project)) == {}  # excluded when found in a folder
    assert list(codes(project, named)) == ["docs/skip.txt"]  # a file named on the command line is cleaned
    assert codes(project, named, "--force-exclude") == {}


def test_force_exclude_applies_command_line_excludes_to_named_files(tmp_path: Path) -> None:
    project = project_with(tmp_path, "", files={"docs/skip.txt": CHROME})
    named = str(project / "docs/skip.txt")
    assert codes(project, str(project), "--exclude", "skip.txt") == {}
    assert list(codes(project, named, "--exclude", "skip.txt")) == ["docs/skip.txt"]
    assert codes(project, named, "--exclude", "skip.txt", "--force-exclude") == {}


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("[tool.cleaner]\n", True),
        ("[ tool . cleaner ]\n", True),
        ('[tool."cleaner"]\n', True),
        ('["tool".cleaner.per-file-ignores]\n', True),
        ("tool.cleaner.ignore = []\n", True),
        ("[tool]\ncleaner = {}\n", True),
        ("tool = { cleaner = {} }\n", True),
        ('[project]\nname = "cleaner"\n[tool.setuptools.package-data]\ncleaner = ["py.typed"]\n', False),
    ],
)
def test_every_spelling_of_tool_cleaner_is_parsed(text: str, parsed: bool, tmp_path: Path) -> None:
    from cleaner.config import _names_cleaner

    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    assert _names_cleaner(path) is parsed
