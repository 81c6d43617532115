"""The package's layers: data flows one way, so no module below ``ui/`` imports ``ui/`` (or the entry
points above it), and the core has no import cycles. Read from the source, imports inside functions
included: a lazy import that goes upward is still an upward dependency."""
import ast
from pathlib import Path

import playground

ROOT = Path(playground.__file__).parent
#: Entry points: they may use ui/, nothing below them does.
ABOVE = ("playground.ui", "playground.commands", "playground.cli", "playground.serve", "playground.__main__",
         "playground.bench", "playground.localhost")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every playground module ``path`` imports (absolute names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("playground")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("playground"):
                out.add(target)
                out |= {f"{target}.{a.name}" for a in node.names}
    return out


def core_modules() -> dict[str, set[str]]:
    graph = {}
    for path in ROOT.rglob("*.py"):
        name = module_name(path)
        if name == "playground" or name.startswith(ABOVE):
            continue
        graph[name] = imports(path)
    return graph


def test_nothing_below_ui_imports_ui_or_the_entry_points():
    upward = {name: sorted(i for i in deps if i.startswith(ABOVE)) for name, deps in core_modules().items()}
    assert {k: v for k, v in upward.items() if v} == {}


def test_the_core_has_no_import_cycles():
    graph = core_modules()
    known = set(graph)
    edges = {m: {d for d in deps if d in known and d != m and not m.startswith(d + ".")} for m, deps in graph.items()}
    state, cycles = {}, []

    def visit(m, stack):
        state[m] = "open"
        for d in edges[m]:
            if state.get(d) == "open":
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d, stack + [d])
        state[m] = "done"

    for m in sorted(edges):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_the_check_sees_imports():
    """The checks above would pass on a reader that finds nothing: it must find known imports."""
    graph = core_modules()
    assert "playground.settings" in graph["playground.experiment"]
    assert "playground.run_record" in graph["playground.experiment"]
    assert "playground.settings" in graph["playground.lessons.runner"]
