"""A folder opened beside the editor: the newest post shown, clicks open posts and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.app import build_window
from editor.core.bulk import actions as bulk
from editor.core.user.settings import Settings
from editor.ui.dialogs.prompter import SaveChoice
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 40, plant=("missing-field",))


@pytest.fixture
def window(qtbot, isolated_dirs, site):
    settings = Settings.load(isolated_dirs / "settings.json")
    win = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.site_session.workspace is not None, timeout=5000)
    workspace = win.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == 40 and not workspace.is_busy, timeout=20000)
    return win


def test_opening_a_folder_lists_posts_and_shows_the_newest(qtbot, window, site):
    """The sidebar appears, and the post with the latest date is opened in the editor."""
    records = window.site_session.workspace.records
    newest = max(records, key=lambda r: r.date_key)
    qtbot.waitUntil(lambda: window.document.path == Path(newest.path), timeout=5000)
    assert window.site_session.panel.isVisible()
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    assert sizes[0] > 0 and sizes[2] >= sizes[1]  # the body keeps the room


def test_clicking_a_post_opens_it(qtbot, window, site):
    target = str(site.posts[3])
    window.site_session.panel.post_activated.emit(target)
    assert window.document.path == Path(target)
    assert window.document.post.metadata["title"]


def test_a_problem_opens_its_post_at_the_field(qtbot, window, site):
    rel = site.planted["missing-field"][0]
    path = str(site.root / rel)
    other = next(p for p in site.posts if str(p) != path)
    window.open_path(other)
    assert window.show_problem(path, 2, "title")
    assert window.document.path == Path(path)
    assert window.form.editor_for("title").hasFocus() or "title" not in window.form.shown_keys()


def test_form_autocomplete_draws_on_the_whole_site(qtbot, window):
    vocabulary = window.site_session.workspace.vocabulary("categories")
    assert vocabulary
    assert set(vocabulary) <= set(window.form_model.suggestions("categories"))


def test_saving_refreshes_the_index(qtbot, window, site):
    target = site.posts[0]
    window.open_path(target)
    window.form_model.set_value("title", "Renamed by the test")
    assert window.save()
    workspace = window.site_session.workspace
    qtbot.waitUntil(
        lambda: workspace.record_for(target).title == "Renamed by the test", timeout=10000
    )


def preview_text(window) -> str:
    return window.preview.text_browser.toPlainText()


def test_the_first_post_shown_has_its_header_in_the_preview(qtbot, window):
    """Issue 10: the newest post shown when a folder opens previews with its own title."""
    records = window.site_session.workspace.records
    newest = max(records, key=lambda r: r.date_key)
    qtbot.waitUntil(lambda: window.document.path == Path(newest.path), timeout=5000)
    title = window.document.post.metadata["title"]
    qtbot.waitUntil(lambda: title in preview_text(window), timeout=10000)
    assert "Untitled" not in preview_text(window)


def test_a_table_edit_of_the_open_post_goes_into_the_document(qtbot, window, site):
    """Issue 10: editing the open post's title in the table is an unsaved, undoable edit of
    the open document, never an outside change; Save then writes the title and the body."""
    from PySide6.QtCore import Qt

    target = site.posts[2]
    assert window.open_path(target)
    original = target.read_bytes()
    window.body_editor.textCursor().insertText("Typed first. ")
    table = window.site_session.panel.metadata_table.model
    row = table.row_of(str(target))
    column = table.columns.index("title")
    assert table.setData(
        table.index(row, column), "Retitled in the table", Qt.ItemDataRole.EditRole
    )
    assert target.read_bytes() == original  # nothing written behind the open document
    assert window.document.post.metadata["title"] == "Retitled in the table"
    assert table.data(table.index(row, column)) == "Retitled in the table"
    assert window.document.dirty
    qtbot.wait(300)  # a file watcher would have reported a change by now
    assert not window.notice_bar.isVisible()
    window.form_model.undo()
    assert window.document.post.metadata["title"] != "Retitled in the table"
    assert table.data(table.index(row, column)) == window.document.post.metadata["title"]
    window.form_model.redo()
    assert window.save()
    saved = target.read_text(encoding="utf-8")
    assert "title: Retitled in the table" in saved and "Typed first. " in saved
    assert not window.document.dirty


def test_a_bulk_edit_of_the_open_post_with_unsaved_edits_keeps_both(qtbot, window, site):
    """Issue 10: a bulk edit that writes the open post while it has unsaved typing is
    Masthead's own write, not another program's: no question, the typing is kept, the
    same edit is made in the window as one undoable step, and Save writes both."""
    target, other = site.posts[4], site.posts[5]
    assert window.open_path(target)
    window.body_editor.textCursor().insertText("Unsaved typing. ")
    workspace = window.site_session.workspace
    with qtbot.waitSignal(workspace.bulk_planned, timeout=10000) as planned:
        workspace.plan_bulk(bulk.SetField("section", "archive"), [str(target), str(other)])
    with qtbot.waitSignal(workspace.bulk_applied, timeout=10000):
        workspace.apply_bulk(planned.args[0])
    on_disk = target.read_text(encoding="utf-8")
    assert "section: archive" in on_disk and "Unsaved typing." not in on_disk
    qtbot.waitUntil(lambda: window.document.post.metadata.get("section") == "archive", timeout=5000)
    qtbot.wait(200)
    assert not window.notice_bar.isVisible()
    assert window.document.dirty and window.document.body.startswith("Unsaved typing. ")
    assert window.save()  # no conflict question: the file is the document's base now
    saved = target.read_text(encoding="utf-8")
    assert "section: archive" in saved and "Unsaved typing. " in saved
    window.form_model.undo()
    assert window.document.post.metadata.get("section") != "archive"


def test_cancelling_the_save_question_puts_the_list_back_on_the_open_post(qtbot, window, site):
    """Clicking another post with unsaved edits and cancelling keeps the open post
    selected in the list, not the clicked one."""
    post_list = window.site_session.panel.post_list
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=5000)
    open_path = window.document.path
    post_list.select_path(open_path)
    window.body_editor.insertPlainText("unsaved ")
    assert window.document.dirty
    window.prompter.answers["save_changes"] = SaveChoice.CANCEL
    other = next(p for p in site.posts if Path(p) != open_path)
    index = post_list.model.index(post_list.model.row_of(other), 0)
    post_list.view.scrollTo(index)
    rect = post_list.view.visualRect(index)
    qtbot.mouseClick(post_list.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "save_changes" in window.prompter.asked
    assert window.document.path == open_path
    current = post_list.view.currentIndex()
    assert Path(post_list.model.path_at(current.row())) == open_path
    selected = {i.row() for i in post_list.view.selectionModel().selectedRows()}
    assert selected == {current.row()}
