"""The core boundary: `import editor` and every `editor.core` module load without Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORE_DIR = REPO_ROOT / "editor" / "core"

PROBE = """
import importlib, json, sys
failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception as exc:  # reported, so one broken module does not hide the others
        failed[name] = f"{type(exc).__name__}: {exc}"
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
print(json.dumps({"qt": qt, "failed": failed}))
"""


def core_module_names() -> list[str]:
    """Found on disk, not by importing, so an import failure is reported by the probe."""
    names = []
    for path in sorted(CORE_DIR.rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_core_package_has_modules():
    """Guards the test below against passing vacuously on an empty package."""
    assert "editor.core.post.model" in core_module_names()


def test_importing_editor_and_every_core_module_loads_no_qt():
    """A fresh interpreter importing editor and all of editor.core has no Qt module loaded."""
    modules = ["editor", *core_module_names()]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}, f"core modules failed to import: {report['failed']}"
    assert report["qt"] == [], f"Qt imported by the core: {report['qt']}"
