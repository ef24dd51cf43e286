"""Start where you left off: the recent list of sites and posts, reopening the last site
and post at start, and a saved window size fitted to the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from editor.app import build_window
from editor.core.user.screen_fit import Rect, minimum_size
from editor.core.user.settings import Settings
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window


def start(qtbot, settings, paths=()):
    """A window the way ``masthead`` starts one (reopening the last site and post)."""
    paths = [str(p) for p in paths]
    window = build_window(settings, FakePrompter(), paths, use_webengine=False, reopen_last=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_recent_list_holds_sites_and_posts_by_short_name(qtbot, sample, settings):
    """Opening a folder puts the site in Open Recent; its entry opens it again."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    site = sample.parent
    assert window.site_session.open_folder(str(site))
    entries = [a for a in window.recent_menu.actions() if a.text() and a.text() != "Clear Recent"]
    assert [(a.text(), a.toolTip()) for a in entries] == [
        (site.name, str(site)),
        (sample.name, str(sample)),
    ]
    assert not entries[0].icon().isNull()  # a site has a folder icon
    opened = []
    window.open_folder_requested.connect(opened.append)
    entries[0].trigger()
    assert opened == [str(site)]


def test_start_reopens_the_last_post(qtbot, sample, settings):
    """Closed with a post open, the next start without paths opens that post again."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.close()
    again = start(qtbot, Settings.load(settings.path))
    assert again.document.path == sample
    assert again.site_session.workspace is None


def test_start_reopens_the_last_site_and_its_post(qtbot, sample, settings):
    """Closed with a site and one of its posts open, the next start opens both."""
    window = open_window(qtbot, settings, FakePrompter(), [sample.parent])
    qtbot.waitUntil(lambda: window.document.path == sample, timeout=10000)
    assert window.close()
    stored = Settings.load(settings.path)
    assert (stored.last_site, stored.last_post) == (str(sample.parent), str(sample))
    again = start(qtbot, stored)
    assert again.document.path == sample
    qtbot.waitUntil(lambda: again.site_session.workspace is not None, timeout=10000)
    assert again.site_session.workspace.root == sample.parent


def test_a_path_on_the_command_line_or_the_setting_off_opens_nothing_else(
    qtbot, sample, tmp_path, settings
):
    """A given path wins; with reopening off, a start without paths is an empty post."""
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Other\n---\nText.\n", encoding="utf-8")
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.close()
    assert start(qtbot, Settings.load(settings.path), [other]).document.path == other
    stored = Settings.load(settings.path)
    stored.reopen_last = False
    assert start(qtbot, stored).document.path is None


def saved_geometry(qtbot, rect: QRect) -> str:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(rect)
    return bytes(widget.saveGeometry().toBase64()).decode("ascii")


def test_a_tiny_saved_window_comes_back_usable(qtbot, sample, settings):
    """A window saved at 520x307 comes back no smaller than the minimum, on the screen."""
    settings.window_geometry = saved_geometry(qtbot, QRect(30, 40, 520, 307))
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    area = window.screen().availableGeometry()
    min_width, min_height = minimum_size_of(area)
    assert window.width() >= min_width and window.height() >= min_height
    assert area.contains(window.geometry())


def test_a_window_saved_on_a_bigger_screen_fits_this_one(qtbot, sample, settings):
    """A 2400x1500 window saved at (900, 700) comes back inside this screen."""
    settings.window_geometry = saved_geometry(qtbot, QRect(900, 700, 2400, 1500))
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    area = window.screen().availableGeometry()
    assert area.contains(window.geometry())
    assert window.width() >= minimum_size_of(area)[0]


def minimum_size_of(area: QRect) -> tuple[int, int]:
    return minimum_size(Rect(area.x(), area.y(), area.width(), area.height()))
