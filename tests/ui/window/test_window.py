"""MainWindow: open, type, save, close, Save As, revert, new post and remembered settings."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from editor.app import build_window
from editor.core.post.model import Post
from editor.core.user.settings import Settings
from editor.ui.dialogs.prompter import (
    ConflictChoice,
    SaveChoice,
)
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

SENTENCE = "A new first sentence. "


def body_offset(data: bytes) -> int:
    return data.index(b"Kittlehaven ferries")


def test_open_shows_keys_in_order_and_cursor_at_body_start(qtbot, sample, settings):
    """Opening a post lists its keys in file order and leaves the cursor ready at the body start."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.form.shown_keys() == list(Post.load(sample).metadata)
    editor = window.body_editor
    assert editor.textCursor().position() == 0
    assert editor.verticalScrollBar().value() == 0  # the first line is in view, not scrolled off
    qtbot.waitUntil(editor.hasFocus)
    assert window.windowTitle() == f"{sample.name}[*] — Masthead"
    assert not window.isWindowModified()


def test_type_and_ctrl_s_changes_only_the_sentence(qtbot, sample, settings):
    """Typing at the cursor and pressing Ctrl+S writes the original bytes plus the sentence."""
    original = sample.read_bytes()
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    editor = window.body_editor
    qtbot.keyClicks(editor, SENTENCE)
    assert window.isWindowModified()
    assert window.status.state_label.text() == "Modified"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    at = body_offset(original)
    assert sample.read_bytes() == original[:at] + SENTENCE.encode() + original[at:]
    assert not window.isWindowModified()
    assert settings.recent_files[0] == str(sample)


def test_editing_title_in_form_changes_only_the_title_line(qtbot, sample, settings):
    """A title typed in the form is saved as a change to that one line."""
    original = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    field = window.form.editor_for("title")
    field.text_edit.setFocus()
    field.text_edit.selectAll()
    qtbot.keyClicks(field.text_edit, "A shorter title")
    qtbot.keyClick(field.text_edit, Qt.Key.Key_Return)
    assert window.document.dirty
    assert window.save()
    written = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(written) == len(original)
    changed = [i for i, (a, b) in enumerate(zip(original, written, strict=True)) if a != b]
    assert len(changed) == 1
    assert written[changed[0]].startswith("title: A shorter title")


def test_closing_dirty_window_asks_and_cancel_keeps_it_open(qtbot, sample, settings):
    """Cancel in the unsaved-changes question keeps the window and the edit."""
    prompter = FakePrompter(save_changes=SaveChoice.CANCEL)
    window = open_window(qtbot, settings, prompter, [sample])
    qtbot.keyClicks(window.body_editor, "x")
    assert not window.close()
    assert prompter.asked == ["save_changes"]
    assert window.isVisible() and window.document.dirty


def test_closing_dirty_window_discard_leaves_file_alone(qtbot, sample, settings):
    """Discard closes without writing."""
    original = sample.read_bytes()
    window = open_window(qtbot, settings, FakePrompter(save_changes=SaveChoice.DISCARD), [sample])
    qtbot.keyClicks(window.body_editor, "x")
    assert window.close()
    assert sample.read_bytes() == original


def test_closing_dirty_window_save_writes_file(qtbot, sample, settings):
    """Save in the question writes the edit, then closes."""
    window = open_window(qtbot, settings, FakePrompter(save_changes=SaveChoice.SAVE), [sample])
    qtbot.keyClicks(window.body_editor, "Saved on close. ")
    assert window.close()
    assert b"Saved on close. Kittlehaven" in sample.read_bytes()


def test_closing_clean_window_asks_nothing(qtbot, sample, settings):
    """A window with no changes closes without a question."""
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    assert window.close()
    assert prompter.asked == []


def test_save_as_writes_new_file_and_retitles(qtbot, sample, settings, tmp_path):
    """Save As writes to the chosen path, leaves the original alone and renames the window."""
    original = sample.read_bytes()
    target = tmp_path / "renamed.md"
    window = open_window(qtbot, settings, FakePrompter(save_path=str(target)), [sample])
    qtbot.keyClicks(window.body_editor, "Copy: ")
    window.window_actions.save_as.trigger()
    assert sample.read_bytes() == original
    assert target.read_bytes() == original.replace(b"Kittlehaven", b"Copy: Kittlehaven", 1)
    assert window.windowTitle().startswith("renamed.md")
    assert window.status.path_label.text() == str(target)


def test_revert_restores_file_text_after_confirmation(qtbot, sample, settings):
    """Revert (confirmed) drops edits in body and form and reloads the file."""
    window = open_window(qtbot, settings, FakePrompter(confirm=True), [sample])
    qtbot.keyClicks(window.body_editor, "junk ")
    window.window_actions.revert.trigger()
    assert not window.document.dirty
    assert window.document.post.to_bytes() == sample.read_bytes()
    assert window.body_editor.textCursor().position() == 0


def test_revert_declined_keeps_edits(qtbot, sample, settings):
    """Declining the revert question changes nothing."""
    window = open_window(qtbot, settings, FakePrompter(confirm=False), [sample])
    qtbot.keyClicks(window.body_editor, "keep ")
    window.window_actions.revert.trigger()
    assert window.document.dirty
    assert window.document.body.startswith("keep ")


def test_new_post_named_from_date_and_title(qtbot, sample, settings):
    """New post asks the title and names the file like its dated siblings; Save creates it."""
    window = open_window(qtbot, settings, FakePrompter(text="Hello World"), [sample])
    window.window_actions.new.trigger()
    path = window.document.path
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-hello-world\.md", path.name)
    assert path.parent == sample.parent
    assert window.form.shown_keys() == list(Post.load(sample).metadata)
    assert window.isWindowModified()
    qtbot.keyClicks(window.body_editor, "First words.")
    assert window.save()
    saved = Post.load(path)
    assert saved.metadata["title"] == "Hello World"
    assert saved.body == "First words."


def test_new_post_cancelled_keeps_current(qtbot, sample, settings):
    """Cancelling the title question leaves the open post as it was."""
    window = open_window(qtbot, settings, FakePrompter(text=None), [sample])
    window.window_actions.new.trigger()
    assert window.document.path == sample


def test_save_conflict_asks_and_cancel_keeps_other_programs_text(qtbot, sample, settings):
    """If the file changed on disk, Save asks; Cancel leaves the other program's text."""
    prompter = FakePrompter(conflict=ConflictChoice.CANCEL, save_changes=SaveChoice.DISCARD)
    window = open_window(qtbot, settings, prompter, [sample])
    qtbot.keyClicks(window.body_editor, "mine ")
    theirs = sample.read_bytes() + b"\nAdded elsewhere.\n"
    sample.write_bytes(theirs)
    assert not window.save()
    assert "conflict" in prompter.asked
    assert sample.read_bytes() == theirs


def test_save_conflict_overwrite(qtbot, sample, settings):
    """Choosing Overwrite writes our version over the other program's."""
    prompter = FakePrompter(conflict=ConflictChoice.OVERWRITE)
    window = open_window(qtbot, settings, prompter, [sample])
    qtbot.keyClicks(window.body_editor, "mine ")
    sample.write_bytes(sample.read_bytes() + b"\nAdded elsewhere.\n")
    assert window.save()
    assert b"mine Kittlehaven" in sample.read_bytes()
    assert b"Added elsewhere" not in sample.read_bytes()


def test_open_error_is_shown_not_raised(qtbot, sample, settings, tmp_path):
    """A file that cannot be opened (binary) is reported through the prompter."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\ntitle: x\n---\n\x00\x01binary\n")
    prompter = FakePrompter(open_path=str(bad))
    window = open_window(qtbot, settings, prompter, [sample])
    window.window_actions.open.trigger()
    assert prompter.errors and "bad.md" in prompter.errors[0]
    assert window.document.path == sample


def test_go_to_line_and_find_shortcuts(qtbot, sample, settings):
    """Ctrl+G moves to the asked file line (the body starts on line 11); Ctrl+F opens the
    find bar."""
    window = open_window(qtbot, settings, FakePrompter(line_number=13), [sample])
    editor = window.body_editor
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_line() == 3
    assert window.status.line_label.text().startswith("Line 13,")  # the file line, and a column
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.body_pane.find_bar.isVisible()


def test_bold_shortcut_wraps_word(qtbot, sample, settings):
    """Ctrl+B in the editor wraps the word at the cursor."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    qtbot.keyClick(window.body_editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.document.body.startswith("**Kittlehaven** ferries")


def test_toggle_form_pane(qtbot, sample, settings):
    """F7 hides and shows the front-matter form."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.form.isVisible()
    window.window_actions.form.trigger()
    assert not window.form.isVisible()
    window.window_actions.form.trigger()
    assert window.form.isVisible() and window.splitter.sizes()[1] > 0


def test_status_bar_counts_words(qtbot, sample, settings):
    """The status bar shows the body's word count and reading time."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    qtbot.waitUntil(lambda: "words" in window.status.stats_label.text())
    assert re.fullmatch(r"[\d,]+ words · \d+ min read", window.status.stats_label.text())


def test_settings_restore_geometry_splitters_and_recent_files(qtbot, sample, settings):
    """Size, splitter sizes, pane visibility and recent files survive a restart."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    # Within the screen (offscreen: 800x600) and above the window's minimum, which
    # depends on the fonts installed.
    hint, screen = window.minimumSizeHint(), window.screen().availableGeometry()
    size = (
        min(screen.width(), max(760, hint.width())),
        min(screen.height(), max(540, hint.height())),
    )
    window.resize(*size)
    window.splitter.setSizes([0, 200, 300, 200])
    sizes = window.splitter.sizes()
    window.window_actions.form.trigger()  # hide the form
    assert window.close()
    reloaded = Settings.load(settings.path)
    assert reloaded.recent_files == [str(sample)]
    assert reloaded.form_visible is False
    second = open_window(qtbot, reloaded, FakePrompter())
    assert (second.width(), second.height()) == size
    assert not second.form.isVisible()
    second.window_actions.form.trigger()
    assert second.splitter.sizes()[2] > 0
    recent = [a for a in second.recent_menu.actions() if a.text()]
    assert (recent[0].text(), recent[0].toolTip()) == (sample.name, str(sample))
    assert reloaded.splitter_sizes == sizes


def test_open_recent_opens_file(qtbot, sample, settings):
    """Choosing a file in Open Recent opens it."""
    settings.add_recent_file(sample)
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter)
    window.recent_menu.actions()[0].trigger()
    assert window.document.path == sample
    assert prompter.asked == []  # the empty start-up post has nothing to save


def preview_text(window) -> str:
    browser = window.preview.text_browser
    return browser.toPlainText() if browser is not None else ""


def test_typing_updates_the_preview(qtbot, sample, settings):
    """The preview shows the post, and a typed sentence appears in it."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    qtbot.waitUntil(lambda: "dry dock" in preview_text(window))
    qtbot.keyClicks(window.body_editor, "Zebra crossing news. ")
    qtbot.waitUntil(lambda: "Zebra crossing news." in preview_text(window))


def test_form_edit_updates_the_preview_header(qtbot, sample, settings):
    """A title changed in the form shows in the preview."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.form_model.set_value("title", "Completely different headline")
    qtbot.waitUntil(lambda: "Completely different headline" in preview_text(window))


def test_hidden_preview_is_not_fed_and_catches_up_when_shown(qtbot, sample, settings):
    """F8 hides the preview; showing it again renders the current text."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.window_actions.preview.trigger()
    assert not window.preview.isVisible()
    qtbot.keyClicks(window.body_editor, "Hidden edit. ")
    window.window_actions.preview.trigger()
    assert window.preview.isVisible()
    qtbot.waitUntil(lambda: "Hidden edit." in preview_text(window))


def test_webengine_preview_renders_typed_text(qtbot, sample, settings):
    """With QtWebEngine the typed text reaches the rendered page."""
    window = open_window(qtbot, settings, FakePrompter(), [sample], use_webengine=True)
    if not window.preview.uses_webengine:
        pytest.skip("QtWebEngine is not available")
    qtbot.keyClicks(window.body_editor, "Webengine words here. ")
    page = window.preview.web_page

    def page_text():
        found = []
        page.toPlainText(found.append)
        qtbot.waitUntil(lambda: bool(found), timeout=5000)
        return found[0]

    qtbot.waitUntil(lambda: "Webengine words here." in page_text(), timeout=15000)


def test_dark_theme_switches_palette_and_highlighter(qtbot, sample, settings):
    """View > Theme > Dark makes the palette and Markdown colours dark, and Light undoes it."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    try:
        window.window_actions.themes["dark"].trigger()
        assert settings.theme == "dark"
        assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
        assert window.body_editor.highlighter.dark
    finally:
        window.window_actions.themes["light"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() >= 128
    assert not window.body_editor.highlighter.dark


def test_external_change_to_dirty_post_shows_bar_and_reload_takes_theirs(qtbot, sample, settings):
    """Another program saving over a post with unsaved edits shows the notice bar (no
    dialog); its Reload button shows their text."""
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    qtbot.keyClicks(window.body_editor, "mine ")
    sample.write_bytes(sample.read_bytes().replace(b"Kittlehaven ferries", b"Their edit", 1))
    qtbot.waitUntil(lambda: "changed on disk" in window.notice_bar.message(), timeout=5000)
    assert prompter.asked == []
    window.notice_bar.click("Reload")
    assert window.document.body.startswith("Their edit")
    assert not window.document.dirty


def test_folder_argument_is_offered_to_the_folder_browser(qtbot, sample, settings):
    """`masthead FOLDER` emits open_folder_requested(folder) once the event loop runs."""
    window = build_window(settings, FakePrompter(), [str(sample.parent)], with_preview=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.open_folder_requested) as requested:
        pass
    assert requested.args == [str(sample.parent)]
    assert window.preview is None and not window.window_actions.preview.isEnabled()


def test_show_problem_opens_the_post_at_its_body_line(qtbot, sample, settings, tmp_path):
    """A problem's line in the file becomes the cursor's line in the body editor."""
    other = tmp_path / "other.md"
    other.write_bytes(b"---\ntitle: Other\n---\nOne line.\n")
    window = open_window(qtbot, settings, FakePrompter(), [other])
    start = Post.load(sample).body_start_line
    assert window.show_problem(str(sample), start + 2, "")
    assert window.document.path == sample
    assert window.body_editor.current_line() == 3


def test_show_problem_stays_when_the_user_keeps_the_unsaved_post(qtbot, sample, settings, tmp_path):
    """Cancelling the save question leaves the unsaved post open, and says so."""
    other = tmp_path / "other.md"
    other.write_bytes(b"---\ntitle: Other\n---\nOne line.\n")
    prompter = FakePrompter(save_changes=SaveChoice.CANCEL)
    window = open_window(qtbot, settings, prompter, [other])
    qtbot.keyClicks(window.body_editor, "unsaved ")
    assert not window.show_problem(str(sample), 2, "title")
    assert window.document.path == other and window.document.dirty
    assert prompter.asked == ["save_changes"]


def test_sidebar_slot_shows_and_hides(qtbot, sample, settings):
    """dock_sidebar puts a widget in a left pane with room; None hides the pane again."""
    from PySide6.QtWidgets import QLabel

    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.splitter.sizes()[0] == 0
    sidebar = QLabel("posts")
    window.dock_sidebar(sidebar)
    assert sidebar.isVisible() and window.splitter.sizes()[0] > 0
    window.dock_sidebar(None)
    assert not window.splitter.widget(0).isVisible()
    assert sidebar.parent() is None


def test_raw_front_matter_toggle(qtbot, sample, settings):
    """Ctrl+Shift+R switches the form to raw text and back, and is remembered."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.window_actions.raw.trigger()
    assert window.form.is_raw_mode()
    window.close()
    assert settings.raw_front_matter is True


def test_each_posts_date_field_shows_and_writes_its_own_format(qtbot, tmp_path, settings):
    """Regression (issue 10): a date-only post opened first must not strip the next one's time.

    The form reuses a row whose editor type fits, and the date row kept the display
    format of the first post shown: the next post's `2016-05-31 17:37:52` showed as a
    day only, and changing the day wrote `2016-05-30 00:00:00`.
    """
    day_only = tmp_path / "day.md"
    day_only.write_text("---\ntitle: A\ndate: 2020-01-02\n---\nBody\n", encoding="utf-8")
    timed = tmp_path / "timed.md"
    timed.write_bytes(b"---\ntitle: B\ndate: 2016-05-31 17:37:52\n---\nBody\n")
    window = open_window(qtbot, settings, FakePrompter(), [day_only])
    assert window.form.editor_for("date").editor.text() == "2020-01-02"
    assert window.open_path(timed)
    field = window.form.editor_for("date")
    assert field.editor.text() == "2016-05-31 17:37:52"
    field.editor.setDate(field.editor.date().addDays(-1))
    assert window.save()
    assert timed.read_bytes() == b"---\ntitle: B\ndate: 2016-05-30 17:37:52\n---\nBody\n"
    assert window.open_path(day_only)
    assert window.form.editor_for("date").editor.text() == "2020-01-02"


def test_an_invalid_raw_edit_is_an_unsaved_edit(qtbot, sample, settings):
    """Issue 10: raw front matter that does not parse marks the post unsaved; Save says why
    and writes nothing; closing asks; a recovery copy keeps the typed text."""
    original = sample.read_bytes()
    prompter = FakePrompter(save_changes=SaveChoice.SAVE)
    window = open_window(qtbot, settings, prompter, [sample])
    window.form.set_raw_mode(True)
    raw = window.form.raw_editor
    raw.text_edit.setPlainText(raw.text() + "broken: [unclosed\n")
    assert raw.flush() is not None
    assert window.document.dirty
    assert window.isWindowModified()
    assert window.status.state_label.text() == "Modified"
    assert b"broken: [unclosed" in window.document.recovery_bytes()
    assert not window.save()
    assert prompter.errors and "nothing was written" in prompter.errors[-1]
    assert sample.read_bytes() == original
    assert not window.close()  # asked, chose Save, which could not write: stays open
    assert "save_changes" in prompter.asked
    assert window.isVisible()
    raw.text_edit.setPlainText(raw.text().replace("broken: [unclosed\n", "fixed: true\n"))
    assert raw.flush() is None
    assert window.save()
    assert sample.read_bytes() == original.replace(
        b"featured: true \n", b"featured: true \nfixed: true\n"
    )
    assert not window.document.dirty


def test_dropping_an_invalid_raw_edit_leaves_the_post_clean(qtbot, sample, settings):
    """Reloading the raw view over invalid typing drops it, and the post is clean again."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.form.set_raw_mode(True)
    raw = window.form.raw_editor
    raw.text_edit.setPlainText("title: [\n")
    raw.flush()
    assert window.document.dirty
    raw.reload()
    assert not window.document.dirty
    assert window.status.state_label.text() == "Saved"


def test_theme_menu_offers_exactly_the_themes_settings_accept():
    from editor.core.user.settings import THEMES
    from editor.ui.window.window_actions import THEME_LABELS

    assert [theme for theme, _label in THEME_LABELS] == list(THEMES)
