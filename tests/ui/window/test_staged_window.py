"""The window ``masthead`` shows builds in two steps (issue 16): first what its first
frame shows (the body editor on the post, the menus and toolbar, the panes at their
remembered sizes), then, after that frame, the rest (MainWindow.finish_building).
Input that comes in between finishes the building first; a staged window ends up the
same as one built at once."""

from __future__ import annotations

import warnings

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

from editor.app import build_window
from editor.ui.first_paint import after_first_paint
from editor.ui.window.statusbar import StatusBar
from tests.ui.fakes import FakePrompter


def staged(qtbot, settings, paths=(), **kwargs):
    window = build_window(
        settings,
        FakePrompter(),
        [str(p) for p in paths],
        use_webengine=False,
        staged=True,
        **kwargs,
    )
    qtbot.addWidget(window)
    return window


def menu_tree(window) -> list:
    """Every menu's title with its actions' texts and shortcuts, nested."""

    def entries(menu) -> list:
        out = []
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                out.append((action.text(), entries(sub)))
            else:
                out.append((action.text(), action.shortcut().toString(), action.isEnabled()))
        return out

    return [(a.text(), entries(a.menu())) for a in window.menuBar().actions() if a.menu()]


def test_the_first_step_shows_the_post_in_the_editor_with_menus_and_toolbar(
    qtbot, sample, settings
):
    window = staged(qtbot, settings, [sample])
    assert not window.built
    assert window.body_editor.toPlainText() == window.document.body_document.toPlainText()
    assert "harbour" in window.body_editor.toPlainText().lower()
    assert window.windowTitle().startswith(sample.name)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["&File", "&Edit", "F&ormat"]
    assert window.toolbar.actions()
    assert type(window.statusBar()) is QStatusBar  # its room, until the real one
    window.finish_building()
    assert window.built
    assert isinstance(window.statusBar(), StatusBar)
    assert window.form.shown_keys()  # the post's fields are in the form
    assert window.splitter.widget(1) is window.form


def test_a_staged_window_ends_up_like_one_built_at_once(qtbot, sample, settings):
    settings.form_visible = False
    settings.splitter_sizes = [0, 300, 500, 400]
    settings.autosave_to_file = True
    settings.raw_front_matter = True
    at_once = build_window(settings, FakePrompter(), [str(sample)], use_webengine=False)
    qtbot.addWidget(at_once)
    window = staged(qtbot, settings, [sample])
    window.finish_building()
    for one in (at_once, window):
        one.resize(1200, 800)
        one.show()
        qtbot.waitExposed(one)
    assert menu_tree(window) == menu_tree(at_once)
    assert [a.text() for a in window.toolbar.actions()] == [
        a.text() for a in at_once.toolbar.actions()
    ]
    assert window.form.isHidden() and at_once.form.isHidden()  # remembered: hidden
    assert window.window_actions.autosave.isChecked()
    assert window.window_actions.raw.isChecked() and window.form.is_raw_mode()
    window.form.raw_button.setChecked(False)  # the action follows the form's own button
    assert not window.window_actions.raw.isChecked()
    assert window.splitter.sizes() == at_once.splitter.sizes()
    assert window.windowTitle() == at_once.windowTitle()


def test_typing_before_the_second_step_finishes_it_and_keeps_the_text(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample])
    window.show()
    qtbot.waitExposed(window)
    window.body_editor.setFocus()
    assert not window.built
    qtbot.keyClicks(window.body_editor, "Hi ")
    assert window.built
    assert window.document.dirty
    assert window.document.body.startswith("Hi ")
    assert window.save()
    assert sample.read_text(encoding="utf-8").count("Hi ") == 1


def test_a_shortcut_before_the_second_step_reaches_a_built_window(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample])
    window.show()
    qtbot.waitExposed(window)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # Offscreen has no window manager: shortcuts only reach a window made active here.
        QApplication.setActiveWindow(window)
    window.body_editor.setFocus()
    qtbot.keyClick(window.body_editor, Qt.Key.Key_F7)  # View > Front Matter Form
    assert window.built
    assert window.form.isHidden()


def test_closing_before_the_second_step_closes_as_ever(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample])
    window.show()
    qtbot.waitExposed(window)
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted()
    assert window.built
    assert settings.window_geometry  # the window's state was kept as on any close


def test_a_folder_on_the_command_line_opens_once_the_window_is_built(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample.parent])
    opened: list[str] = []
    window.open_folder_requested.connect(opened.append)
    qtbot.wait(20)
    assert opened == []  # not into a half-built window
    window.finish_building()
    qtbot.waitUntil(lambda: opened == [str(sample.parent)])


def test_when_built_runs_callbacks_once_in_order(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample])
    calls: list[str] = []
    window.when_built(lambda: calls.append("a"))
    window.when_built(lambda: calls.append("b"))
    assert calls == []
    window.finish_building()
    window.finish_building()
    assert calls == ["a", "b"]
    window.when_built(lambda: calls.append("c"))  # built: at once
    assert calls == ["a", "b", "c"]


def test_after_first_paint_waits_for_the_paint_then_one_turn(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("painted"))
    qtbot.wait(20)
    assert calls == []  # never shown, never painted
    widget.show()
    qtbot.waitUntil(lambda: calls == ["painted"])
    widget.update()
    QApplication.sendPostedEvents(widget, QEvent.Type.UpdateRequest)
    qtbot.wait(20)
    assert calls == ["painted"]  # once


def test_after_first_paint_of_a_painted_window_runs_in_the_next_turn(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("next turn"), painted=True)
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["next turn"])


def test_the_document_takes_over_the_text_the_first_frame_showed(qtbot, sample, settings):
    window = staged(qtbot, settings, [sample])
    shown = window.body_editor.document()
    marker = QTextCursor(shown)
    marker.setPosition(10)  # setting the text again would move it to the start
    window.finish_building()
    assert window.document.body_document is shown  # no second text document
    assert marker.position() == 10  # nor its text set again
    assert window.document.path == sample.absolute()
    assert not window.document.dirty
    assert str(sample.absolute()) in [str(p) for p in settings.recent_files]


def test_a_post_that_cannot_be_opened_is_reported_once_the_window_is_built(
    qtbot, tmp_path, settings
):
    post = tmp_path / "latin1.md"
    post.write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    prompter = FakePrompter()
    window = build_window(settings, prompter, [str(post)], use_webengine=False, staged=True)
    qtbot.addWidget(window)
    assert window.body_editor.toPlainText() == ""
    assert prompter.errors == []  # nothing modal before the first frame
    window.finish_building()
    assert len(prompter.errors) == 1 and "UTF-8" in prompter.errors[0]
    assert window.document.path is None


def test_an_untitled_staged_window_is_not_unsaved(qtbot, settings):
    window = staged(qtbot, settings)
    window.finish_building()  # the spell checker rehighlights the empty body
    assert window.document.path is None
    assert not window.document.dirty
    assert not window.isWindowModified()


def test_a_site_named_at_start_opens_its_newest_post(qtbot, isolated_dirs, tmp_path, settings):
    from tests.core.sitegen import generate_site

    site = generate_site(tmp_path / "site", 5, seed=2, paragraphs=(1, 1))
    window = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        staged=True,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.finish_building()
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=30000)
    assert not window.document.dirty
