"""PySide6's import hook checks new modules without filling linecache (import_sources)."""

from __future__ import annotations

import builtins
import linecache
import sys

import pytest

from editor.session import import_sources


@pytest.fixture
def fresh_modules(tmp_path, monkeypatch):
    """Two modules on a temporary path: one mentions PySide6, one does not."""
    (tmp_path / "memtest_uses_qt.py").write_text("# a PySide6 user\nVALUE = 1\n")
    (tmp_path / "memtest_plain.py").write_text("VALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("memtest_uses_qt", "memtest_plain"):
        sys.modules.pop(name, None)


def test_the_check_answers_as_pyside_does(fresh_modules):
    __import__("memtest_uses_qt")
    __import__("memtest_plain")
    assert import_sources.uses_pyside(sys.modules["memtest_uses_qt"])
    assert not import_sources.uses_pyside(sys.modules["memtest_plain"])
    assert not import_sources.uses_pyside(sys)  # built in: no source
    assert not import_sources.uses_pyside(sys.modules["PySide6.QtCore"])  # an extension


def test_modules_imported_afterwards_leave_no_source_in_linecache(fresh_modules):
    assert import_sources.read_import_sources_uncached()
    builtins.__import__("memtest_uses_qt")  # through PySide6's hook, as `import` does
    builtins.__import__("memtest_plain")
    for name in ("memtest_uses_qt.py", "memtest_plain.py"):
        assert str(fresh_modules / name) not in linecache.cache
    feature = sys.modules[import_sources.FEATURE_MODULE]
    assert getattr(feature, import_sources.CHECK_NAME) is import_sources.uses_pyside
    # PySide6 still records which new modules may use its features (0) and which not (-1).
    assert feature.pyside_feature_dict.get("memtest_uses_qt") == 0
    assert feature.pyside_feature_dict.get("memtest_plain") == -1


def test_without_the_hook_nothing_changes(monkeypatch, caplog):
    monkeypatch.delitem(sys.modules, import_sources.FEATURE_MODULE)
    with caplog.at_level("DEBUG", logger=import_sources.__name__):
        assert not import_sources.read_import_sources_uncached()
    assert "import hook not found" in caplog.text
