"""Writing comfort through the real window: font keys, text column, focus mode, typewriter
scrolling, full screen, distraction-free mode and Preferences."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolBar

from editor.core.user.settings import Settings
from editor.ui.editor.editor_font import default_point_size
from editor.ui.editor.focus import FOCUS_PROPERTY
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.body_editor, key, modifier)


def wheel(editor, notches: int) -> None:
    viewport = editor.viewport()
    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(viewport.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_the_editor_font_is_proportional_by_default(qtbot, sample, settings):
    """Like ghostwriter: a proportional font unless the user picks monospace."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert not QFontInfo(window.body_editor.font()).fixedPitch()
    assert window.body_editor.font().pointSize() == default_point_size("proportional")


def test_font_keys_and_ctrl_wheel_change_the_size_and_ctrl_0_resets_it(qtbot, sample, settings):
    """Ctrl+= and Ctrl+wheel up make the text bigger, Ctrl+- smaller, Ctrl+0 the default;
    the size is remembered."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    editor = window.body_editor
    start = editor.font().pointSize()
    press(qtbot, window, Qt.Key.Key_Equal, CTRL)
    press(qtbot, window, Qt.Key.Key_Equal, CTRL)
    assert editor.font().pointSize() == start + 2
    assert settings.editor_font_size == start + 2
    press(qtbot, window, Qt.Key.Key_Minus, CTRL)
    assert editor.font().pointSize() == start + 1
    wheel(editor, 2)
    assert editor.font().pointSize() == start + 3
    wheel(editor, -1)
    assert editor.font().pointSize() == start + 2
    assert window.close()
    assert Settings.load(settings.path).editor_font_size == start + 2
    again = open_window(qtbot, Settings.load(settings.path), FakePrompter(), [sample])
    assert again.body_editor.font().pointSize() == start + 2
    press(qtbot, again, Qt.Key.Key_0, CTRL)
    assert again.body_editor.font().pointSize() == start
    assert again.settings.editor_font_size == 0


def test_the_text_column_is_centred_and_its_width_can_be_chosen(qtbot, sample, settings):
    """A wide editor gets equal margins; narrow leaves more room than wide; full none."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.window_actions.form.trigger()
    window.window_actions.preview.trigger()  # the body takes the whole window
    editor = window.body_editor
    qtbot.waitUntil(lambda: editor.width() > window.width() * 0.8)
    comfort = window.comfort
    margins = {}
    for name in ("narrow", "medium", "wide", "full"):
        comfort.actions.columns[name].trigger()
        m = editor.viewportMargins()
        assert m.left() == m.right()
        margins[name] = m.left()
        if name != "full" and m.left() > 0:  # the text is that many characters wide
            chars = {"narrow": 60, "medium": 75, "wide": 95}[name]
            assert (
                editor.viewport().width() >= chars * QFontMetricsF(editor.font()).averageCharWidth()
            )
    assert margins["narrow"] > margins["medium"] >= margins["wide"] >= margins["full"] == 0
    assert settings.text_column == "full"
    comfort.actions.columns["narrow"].trigger()
    before = editor.viewportMargins().left()
    press(qtbot, window, Qt.Key.Key_Equal, CTRL)  # a bigger font: a wider column
    assert editor.viewportMargins().left() < before


def test_f11_toggles_full_screen(qtbot, sample, settings):
    """F11 makes the window full screen and F11 again makes it normal."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.comfort.actions.full_screen.isChecked()
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.comfort.actions.full_screen.isChecked()


BODY = "First paragraph. Its second sentence.\nStill the first.\n\nSecond paragraph here.\n"


def dimmed_ranges(editor):
    return [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in editor.extraSelections()
        if s.format.hasProperty(FOCUS_PROPERTY)
    ]


def test_focus_mode_dims_all_but_the_current_paragraph_or_sentence(qtbot, sample, settings):
    """F9: everything outside the caret's paragraph is dimmed (by foreground only);
    the sentence choice keeps only the caret's sentence bright."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    editor = window.body_editor
    editor.selectAll()
    editor.insertPlainText(BODY)
    cursor = editor.textCursor()
    cursor.setPosition(BODY.index("second sentence"))
    editor.setTextCursor(cursor)
    press(qtbot, window, Qt.Key.Key_F9)
    assert settings.focus_mode
    end = editor.document().characterCount() - 1
    first_end = BODY.index("\n\n")
    assert dimmed_ranges(editor) == [(first_end, end)]
    selection = next(s for s in editor.extraSelections() if s.format.hasProperty(FOCUS_PROPERTY))
    assert selection.format.hasProperty(selection.format.Property.ForegroundBrush)
    assert not selection.format.hasProperty(selection.format.Property.FontUnderline)
    # Moving into the second paragraph moves the bright part there.
    cursor.setPosition(BODY.index("Second"))
    editor.setTextCursor(cursor)
    assert dimmed_ranges(editor) == [(0, BODY.index("Second")), (len(BODY) - 1, end)]
    window.comfort.actions.focus_units["sentence"].trigger()
    cursor.setPosition(BODY.index("second sentence"))
    editor.setTextCursor(cursor)
    start = BODY.index("Its")
    stop = BODY.index("\nStill")
    assert dimmed_ranges(editor) == [(0, start), (stop, end)]
    light = selection.format.foreground().color()
    window.set_theme("dark")  # a new palette: a new dim colour
    try:
        qtbot.waitUntil(
            lambda: (
                next(
                    s.format.foreground().color()
                    for s in editor.extraSelections()
                    if s.format.hasProperty(FOCUS_PROPERTY)
                )
                != light
            )
        )
    finally:
        window.set_theme("light")  # the application's palette outlives the test
    press(qtbot, window, Qt.Key.Key_F9)
    assert dimmed_ranges(editor) == []
    assert settings.focus_unit == "sentence" and not settings.focus_mode


def test_typewriter_scrolling_keeps_the_caret_mid_screen(qtbot, sample, settings):
    """Moving down a long post keeps the caret's line near the middle of the editor."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    editor = window.body_editor
    editor.selectAll()
    editor.insertPlainText("\n".join(f"Line {n} of a long post." for n in range(400)))
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    press(qtbot, window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert settings.typewriter_scrolling
    for _ in range(120):
        press(qtbot, window, Qt.Key.Key_Down)
    middle = editor.viewport().height() / 2
    line = editor.fontMetrics().lineSpacing()
    assert abs(editor.cursorRect().center().y() - middle) <= 1.5 * line
    editor.moveCursor(editor.textCursor().MoveOperation.End)  # the last line too
    assert abs(editor.cursorRect().center().y() - middle) <= 1.5 * line


def shown(window):
    """What distraction-free mode hides, and whether each is visible."""
    return {
        "form": window.form.isVisible(),
        "preview": window.preview.isVisible(),
        "form action": window.window_actions.form.isChecked(),
        "preview action": window.window_actions.preview.isChecked(),
        "sidebar": window.splitter.widget(0).isVisible(),
        "toolbar": window.toolbar.isVisible(),
        "menubar": window.menuBar().isVisible(),
        "full screen": window.isFullScreen(),
    }


def test_distraction_free_hides_everything_and_brings_back_exactly_what_was_shown(
    qtbot, sample, settings
):
    """F10 leaves only the body, full screen; F10 or Esc brings back the same set."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.window_actions.preview.trigger()  # the preview hidden before
    before = shown(window)
    assert before["form"] and not before["preview"]
    press(qtbot, window, Qt.Key.Key_F10)
    assert window.comfort.actions.distraction_free.isChecked()
    now = shown(window)
    assert not any(now[k] for k in ("form", "preview", "sidebar", "toolbar", "menubar"))
    assert now["full screen"]
    assert window.body_editor.isVisible()
    press(qtbot, window, Qt.Key.Key_F10)
    assert shown(window) == before
    press(qtbot, window, Qt.Key.Key_F10)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert shown(window) == before
    assert not window.comfort.actions.distraction_free.isChecked()
    # Esc is the editor's again once distraction-free mode is left.
    assert not window.comfort.actions.leave_distraction_free.isEnabled()
    # In the find bar, Esc closes the bar and the mode stays.
    press(qtbot, window, Qt.Key.Key_F10)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    find_bar = window.body_pane.find_bar
    assert find_bar.isVisible()
    qtbot.keyClick(find_bar.find_edit, Qt.Key.Key_Escape)
    assert not find_bar.isVisible()
    assert window.comfort.actions.distraction_free.isChecked()


def test_closing_in_distraction_free_mode_stores_the_panes_as_they_were(qtbot, sample, settings):
    """The settings keep the form and preview shown, not hidden by the mode."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    press(qtbot, window, Qt.Key.Key_F10)
    assert window.close()
    stored = Settings.load(settings.path)
    assert stored.form_visible and stored.preview_visible
    assert not [t for t in window.findChildren(QToolBar) if t.isHidden() and t.parent() is window]


def test_preferences_apply_font_preview_size_spelling_remote_and_start(qtbot, sample, settings):
    """Edit > Preferences (Ctrl+,) opens without blocking; OK applies every choice."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = window.comfort.preferences_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.proportional_button.isChecked()
    dialog.monospace_button.setChecked(True)
    dialog.size_box.setValue(15)
    dialog.preview_zoom_box.setValue(150)
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("light"))
    dialog.spelling_box.setChecked(False)
    dialog.remote_box.setChecked(True)
    dialog.reopen_box.setChecked(False)
    base = window.preview.text_browser.font().pointSizeF()
    dialog.accept()
    editor = window.body_editor
    assert QFontInfo(editor.font()).fixedPitch()
    assert editor.font().pointSize() == 15
    assert window.preview.text_browser.font().pointSizeF() == base * 1.5
    assert settings.theme == "light" and window.window_actions.themes["light"].isChecked()
    assert not window.spelling.session.active
    assert window.form_model.allow_remote() and settings.allow_remote_content
    assert (settings.editor_font_kind, settings.preview_zoom, settings.reopen_last) == (
        "monospace",
        150,
        False,
    )
    # Opened again, the dialog shows what is set; Cancel changes nothing.
    window.comfort.show_preferences()
    again = window.comfort.preferences_dialog
    assert again.monospace_button.isChecked() and again.size_box.value() == 15
    again.size_box.setValue(20)
    again.reject()
    assert editor.font().pointSize() == 15


def test_room_kept_on_the_left_stays_outside_the_centred_column(qtbot, sample, settings):
    """A gutter's width is added on the left; the column is centred in the rest."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.window_actions.form.trigger()
    window.window_actions.preview.trigger()
    editor = window.body_editor
    qtbot.waitUntil(lambda: editor.width() > window.width() * 0.8)
    column = window.comfort.column
    window.comfort.set_column("narrow")
    column.set_left_extra(40)
    margins = editor.viewportMargins()
    assert margins.left() == margins.right() + 40 and margins.right() > 0
    window.comfort.set_column("full")
    assert (editor.viewportMargins().left(), editor.viewportMargins().right()) == (40, 0)
