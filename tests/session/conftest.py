"""Qt test setup (tests/qt_fixtures.py): GC on the GUI thread, the sample post, fresh settings."""

from tests.qt_fixtures import _gc_on_gui_thread, sample, settings  # noqa: F401
