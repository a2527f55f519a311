"""The package's layout: layers import downward, no circles, lq and the runner alone, writers on data types."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"

# Bottom to top; a module belongs to the first layer one of whose names is it or a package holding it. An
# import may go to its own layer or below. "cleaner" alone is the public API (clean_text, clean_file, Config,
# Settings), which imports what it re-exports, on first use.
LAYERS = (
    ("version", "kernels", "tables", "model", "lang", "patterns", "typography", "io", "html", "lq", "rules", "engine"),
    ("formats", "replace", "targets", "config", "cache", "siterules", "events", "parallel", "output", "inputs",
     "runner", "integrations"),
    ("learn", "report"),
    ("cli",),
    ("", "__main__"),
)  # fmt: skip
# The one circle left: the rule registry (rules/__init__.py) imports every family, and the LQ rule reads the
# registry's cue words when it first runs (rules.quality.cue_words), to hand them to the model. The engine
# branch keeps the same import.
ALLOWED_CIRCLES = [{"cleaner.rules", "cleaner.rules.quality"}]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The package's modules `name` imports anywhere: at the top, in functions, and for type checking only."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:
                yield f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {t for t in _imports(name, path, modules) if t in modules and t != name} for name, path in modules.items()
    }


def layer(module: str) -> int:
    inner = module.removeprefix("cleaner").removeprefix(".")
    for rank, names in enumerate(LAYERS):
        if any(inner == n or (n and inner.startswith(n + ".")) for n in names):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def circles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    edges = graph()
    assert len(edges) > 50
    assert circles(edges) == ALLOWED_CIRCLES
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]  # the search finds one


def test_layers_import_downward_only() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        for target in targets
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_lq_and_the_runner_stand_alone() -> None:
    edges = graph()
    lq = {t for m, ts in edges.items() if m.startswith("cleaner.lq") for t in ts}
    # The rules hand the model their cue words; the model reads characters and words through the tables.
    assert all(t.startswith(("cleaner.lq", "cleaner.tables")) for t in lq), lq
    runs = ("cleaner.runner", "cleaner.inputs", "cleaner.output", "cleaner.events", "cleaner.parallel")
    below = {t for m in runs for t in edges[m]}
    assert not {t for t in below if t.startswith(("cleaner.report", "cleaner.cli"))}  # events go to a sink
    for writer in ("json", "html", "md"):
        report = {t for t in edges[f"cleaner.report.{writer}"] if t.startswith("cleaner.report")}
        assert report == {"cleaner.report.data"}, writer
    assert not {t for t in edges["cleaner.report.data"] if t.startswith("cleaner.report")}


def test_every_module_says_what_it_owns() -> None:
    for path in _modules().values():
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path}: no docstring"
        assert len(docstring.split("\n\n")[0].splitlines()) == 1, f"{path}: the summary is more than a line"
