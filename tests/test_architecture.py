"""The tree keeps its shape: no import cycles, a policy that imports no feature, small modules."""

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"
FEATURES = {"network", "rutiner", "cases", "meetings", "surveys", "debrief", "search"}
MAX_LINES = 600


def module_name(path: Path) -> str:
    """Dotted module name of a file under portal/."""
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PORTAL.rglob("*.py")}


def imported_modules(name: str) -> set[str]:
    """Portal modules a module imports anywhere in its body (function-local imports included)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package) - {name}


def imports_in(source: str, package: str) -> set[str]:
    """Portal modules that source code in ``package`` imports, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {target for target in found if target in MODULES}


GRAPH = {name: imported_modules(name) for name in MODULES}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_walk_sees_function_local_and_relative_imports():
    source = "def f():\n    from portal.network import models\n    from . import services\n"
    assert imports_in(source, "portal.meetings") == {
        "portal.network.models",
        "portal.meetings.services",
    }


def test_no_import_cycles_between_portal_modules():
    assert strongly_connected(GRAPH) == []


def test_cycle_detection_finds_a_cycle():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_policy_imports_no_feature():
    features = {f"portal.{feature}" for feature in FEATURES}
    reached = {
        target
        for target in GRAPH["portal.access"]
        if target.split(".")[:2] in ([*f.split(".")] for f in features)
    }
    assert reached == set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_the_line_limit(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by sub-domain"
