"""The import graph of ``editor``, drawn from the code's own imports, has no circles.

Every ``import`` counts: at module level, inside functions, and under ``TYPE_CHECKING``.
(import-linter has no generic acyclic contract, so this walks the sources with ``ast``.)
"""

from __future__ import annotations

import ast
from pathlib import Path

EDITOR = Path(__file__).resolve().parents[1] / "editor"


def editor_modules() -> dict[str, Path]:
    modules = {}
    for path in EDITOR.rglob("*.py"):
        parts = list(path.relative_to(EDITOR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The editor modules that module name imports (a name imported from a package
    counts as its submodule when there is one, else as the package)."""

    def known(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else known(base))
    found.discard(None)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = editor_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_the_walk_sees_every_kind_of_import():
    """The graph is real: module-level, in-function and TYPE_CHECKING imports all count."""
    graph = import_graph()
    assert "editor.session.document" in graph["editor.ui.window.main_window"]
    assert "editor.core.post.model" in graph["editor.session.document"]
    # imported inside DialogPrompter.ask_recovery
    assert "editor.ui.dialogs.recovery_dialog" in graph["editor.ui.dialogs.dialog_prompter"]
    # imported under TYPE_CHECKING only
    assert "editor.core.user.recovery" in graph["editor.ui.dialogs.prompter"]


def test_cycle_finder_finds_a_lazy_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def test_no_circles_anywhere():
    """ui, session, the core, the app and the command line: no module reaches itself
    again through its imports (lazy in-function ones included)."""
    assert cycles(import_graph()) == []


def test_no_circles_in_the_bulk_edits():
    """Planning (actions, pool) and writing (writes, journal, history) import each
    other in one direction: the per-file planner and the write loop are their own
    modules, used by both sides."""
    graph = import_graph()
    assert "editor.core.bulk.file_plan" in graph["editor.core.bulk.pool"]
    assert "editor.core.bulk.writes" in graph["editor.core.bulk.journal"]
    for module in ("file_plan", "writes", "pool", "journal"):
        assert "editor.core.bulk.actions" not in graph[f"editor.core.bulk.{module}"]
