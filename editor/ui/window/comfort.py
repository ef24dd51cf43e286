"""Writing comfort in the main window: the text column, the editor font and its size,
focus mode, typewriter scrolling, full screen, distraction-free mode and Preferences.

``attach_comfort(window)`` builds the actions, adds them to the window's View and Edit
menus (found by title, so the menus' own module stays as it is), applies the remembered
settings and keeps them up to date. The parts live in their own modules:
``editor.ui.editor.text_column``, ``editor_font``, ``focus``,
``editor.ui.window.distraction_free`` and ``editor.ui.dialogs.preferences``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from editor.core.user.recent import remember_session
from editor.core.user.settings import Settings
from editor.core.user.text_column import COLUMN_LABELS
from editor.ui.editor.editor_font import FontZoom, editor_font, stepped_size
from editor.ui.editor.focus import FocusMode, TypewriterScrolling
from editor.ui.editor.text_column import TextColumn
from editor.ui.menus import menu_titled
from editor.ui.window.distraction_free import DistractionFree

if TYPE_CHECKING:  # the dialog loads when first shown
    from editor.ui.dialogs.preferences import Preferences, PreferencesDialog

log = logging.getLogger(__name__)

FOCUS_SHORTCUT = "F9"
TYPEWRITER_SHORTCUT = "Shift+F9"
DISTRACTION_FREE_SHORTCUT = "F10"
FULL_SCREEN_SHORTCUT = "F11"
FOCUS_UNIT_LABELS = (("paragraph", "&Paragraph"), ("sentence", "&Sentence"))
FORM_PANE, PREVIEW_PANE = 1, 3  # the splitter's panes (main_window.FORM, PREVIEW)


@dataclass(frozen=True)
class ComfortActions:
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    columns: dict[str, QAction]  # by column name: narrow, medium, wide, full
    focus: QAction
    focus_units: dict[str, QAction]  # paragraph, sentence
    typewriter: QAction
    full_screen: QAction
    distraction_free: QAction
    leave_distraction_free: QAction  # Esc, enabled only while distraction-free
    preferences: QAction


class WindowComfort(QObject):
    """See the module docstring."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.settings: Settings = window.settings
        editor = window.body_editor
        self.column: TextColumn = window.text_column  # the window's first frame has it
        self.focus = FocusMode(editor)
        self.typewriter = TypewriterScrolling(editor)
        self.font_zoom = FontZoom(editor, self.step_font)
        actions = window.window_actions
        self.distraction_free = DistractionFree(
            window,
            window.splitter,
            window.body_pane,
            {FORM_PANE: actions.form, PREVIEW_PANE: actions.preview},
        )
        self.preferences_dialog: PreferencesDialog | None = None
        self.actions = self._build_actions()
        self._add_to_menus()
        window.installEventFilter(self)
        if window.preview is not None:
            window.preview.backend_created.connect(self.apply_preview_zoom)
            window.preview.updated.connect(self._keep_page_zoom)
        self._apply_settings()

    # ---- actions and menus -----------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, checkable=False, tip="") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            sequences = {}
            for s in shortcuts:  # the same key twice would make the shortcut ambiguous
                sequence = QKeySequence(s)
                sequences.setdefault(sequence.toString(), sequence)
            action.setShortcuts(list(sequences.values()))
        action.setCheckable(checkable)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work with the menu bar hidden too
        return action

    def _choices(self, labels, slot) -> dict[str, QAction]:
        group = QActionGroup(self.window)
        choices = {}
        for name, label in labels:
            action = QAction(label, group)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, n=name: slot(n))
            choices[name] = action
        return choices

    def _build_actions(self) -> ComfortActions:
        key = QKeySequence.StandardKey
        preferences = self._action(
            "Pr&eferences…", self.show_preferences, [key.Preferences, "Ctrl+,"]
        )
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        # Esc in the editor only: the find bar and pop-ups keep their own Esc.
        leave = QAction("Leave Distraction-Free Mode", self.window)
        leave.setShortcut(QKeySequence("Esc"))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        leave.triggered.connect(lambda: self.set_distraction_free(False))
        leave.setEnabled(False)
        self.window.body_editor.addAction(leave)
        return ComfortActions(
            zoom_in=self._action(
                "Zoom I&n", lambda: self.step_font(1), ["Ctrl+=", "Ctrl++", key.ZoomIn]
            ),
            zoom_out=self._action("Zoom O&ut", lambda: self.step_font(-1), ["Ctrl+-", key.ZoomOut]),
            zoom_reset=self._action("Reset &Zoom", self.reset_font, "Ctrl+0"),
            columns=self._choices(COLUMN_LABELS, self.set_column),
            focus=self._action(
                "&Focus Mode",
                self.set_focus_mode,
                FOCUS_SHORTCUT,
                checkable=True,
                tip=f"Dim all but the current paragraph or sentence ({FOCUS_SHORTCUT})",
            ),
            focus_units=self._choices(FOCUS_UNIT_LABELS, self.set_focus_unit),
            typewriter=self._action(
                "T&ypewriter Scrolling",
                self.set_typewriter,
                TYPEWRITER_SHORTCUT,
                checkable=True,
                tip=f"Keep the line being written in the middle ({TYPEWRITER_SHORTCUT})",
            ),
            full_screen=self._action(
                "Full &Screen", self.set_full_screen, FULL_SCREEN_SHORTCUT, checkable=True
            ),
            distraction_free=self._action(
                "Distraction-Free Mod&e",
                self.set_distraction_free,
                DISTRACTION_FREE_SHORTCUT,
                checkable=True,
                tip=f"Only the text, full screen ({DISTRACTION_FREE_SHORTCUT} or Esc to leave)",
            ),
            leave_distraction_free=leave,
            preferences=preferences,
        )

    def _add_to_menus(self) -> None:
        actions = self.actions
        view = menu_titled(self.window, "View")
        if view is not None:
            view.addSeparator()
            columns = view.addMenu("Text &Column")
            columns.addActions(list(actions.columns.values()))
            view.addAction(actions.focus)
            units = view.addMenu("Focused Te&xt")
            units.addActions(list(actions.focus_units.values()))
            view.addAction(actions.typewriter)
            view.addSeparator()
            view.addActions([actions.zoom_in, actions.zoom_out, actions.zoom_reset])
            view.addSeparator()
            view.addActions([actions.full_screen, actions.distraction_free])
        edit = menu_titled(self.window, "Edit")
        if edit is not None:
            edit.addSeparator()
            edit.addAction(actions.preferences)

    def _apply_settings(self) -> None:
        s = self.settings
        self.apply_font()
        self.set_column(s.text_column)
        self.set_focus_unit(s.focus_unit)
        self.set_focus_mode(s.focus_mode)
        self.set_typewriter(s.typewriter_scrolling)
        self.window.spelling.session.set_user_preferences(s.spelling_enabled, s.spelling_language)
        self.apply_preview_zoom()
        self.actions.full_screen.setChecked(self.window.isFullScreen())

    # ---- the font ----------------------------------------------------------------------

    def apply_font(self) -> None:
        s = self.settings
        self.window.body_editor.set_editor_font(
            editor_font(s.editor_font_kind, s.editor_font_family, s.editor_font_size)
        )

    def step_font(self, step: int) -> None:
        """One point bigger (step 1) or smaller (-1); remembered."""
        current = self.window.body_editor.font().pointSize()
        self.settings.editor_font_size = stepped_size(current, step)
        self.apply_font()

    def reset_font(self) -> None:
        self.settings.editor_font_size = 0
        self.apply_font()

    def apply_preview_zoom(self) -> None:
        preview = self.window.preview
        if preview is None:
            return
        factor = self._preview_factor()
        page = preview.web_page
        if page is not None:
            page.setZoomFactor(factor)
        browser = preview.text_browser
        if browser is not None:
            base = browser.property("masthead_base_point_size")
            if base is None:
                base = browser.font().pointSizeF()
                browser.setProperty("masthead_base_point_size", base)
            font = browser.font()
            font.setPointSizeF(base * factor)
            browser.setFont(font)

    def _preview_factor(self) -> float:
        return max(0.25, self.settings.preview_zoom / 100)

    def _keep_page_zoom(self) -> None:
        """A new page may come with the default zoom: set it again when it differs."""
        page = self.window.preview.web_page if self.window.preview is not None else None
        factor = self._preview_factor()
        if page is not None and abs(page.zoomFactor() - factor) > 1e-3:
            page.setZoomFactor(factor)

    # ---- column, focus, typewriter -----------------------------------------------------

    def set_column(self, column: str) -> None:
        self.settings.text_column = column
        self.column.set_column(column)
        for name, action in self.actions.columns.items():
            action.setChecked(name == column)

    def set_focus_mode(self, enabled: bool) -> None:
        self.settings.focus_mode = bool(enabled)
        self.actions.focus.setChecked(bool(enabled))
        self.focus.set_enabled(bool(enabled))

    def set_focus_unit(self, unit: str) -> None:
        self.settings.focus_unit = unit
        for name, action in self.actions.focus_units.items():
            action.setChecked(name == unit)
        self.focus.set_unit(unit)

    def set_typewriter(self, enabled: bool) -> None:
        self.settings.typewriter_scrolling = bool(enabled)
        self.actions.typewriter.setChecked(bool(enabled))
        self.typewriter.set_enabled(bool(enabled))

    # ---- full screen and distraction-free ---------------------------------------------------

    def set_full_screen(self, enabled: bool) -> None:
        window = self.window
        state = window.windowState()
        full = Qt.WindowState.WindowFullScreen
        window.setWindowState(state | full if enabled else state & ~full)
        self.actions.full_screen.setChecked(window.isFullScreen())

    def set_distraction_free(self, enabled: bool) -> None:
        self.distraction_free.set_active(bool(enabled))
        active = self.distraction_free.active
        if active:
            self.window.body_editor.setFocus()  # where Esc leaves the mode
        self.actions.distraction_free.setChecked(active)
        self.actions.leave_distraction_free.setEnabled(active)
        self.actions.full_screen.setChecked(self.window.isFullScreen())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            self.actions.full_screen.setChecked(self.window.isFullScreen())
        return False

    # ---- preferences -------------------------------------------------------------------

    def preferences(self) -> Preferences:
        from editor.ui.dialogs.preferences import Preferences

        s = self.settings
        return Preferences(
            font_kind=s.editor_font_kind,
            font_family=s.editor_font_family,
            font_size=s.editor_font_size,
            preview_zoom=s.preview_zoom,
            theme=s.theme,
            spelling_enabled=s.spelling_enabled,
            spelling_language=s.spelling_language,
            allow_remote=s.allow_remote_content,
            reopen_last=s.reopen_last,
        )

    def show_preferences(self) -> PreferencesDialog:
        """Open the dialog (not modal-blocking); accepting it applies its values."""
        from editor.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(
            self.preferences(), self.window.spelling.session.available_languages(), self.window
        )
        dialog.accepted.connect(lambda: self.apply_preferences(dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.preferences_dialog = dialog
        dialog.open()
        return dialog

    def apply_preferences(self, values: Preferences) -> None:
        s = self.settings
        window = self.window
        s.editor_font_kind = values.font_kind
        s.editor_font_family = values.font_family
        s.editor_font_size = values.font_size
        self.apply_font()
        s.preview_zoom = values.preview_zoom
        self.apply_preview_zoom()
        if values.theme != s.theme:
            window.set_theme(values.theme)
        s.spelling_enabled = values.spelling_enabled
        s.spelling_language = values.spelling_language
        window.spelling.session.set_user_preferences(
            values.spelling_enabled, values.spelling_language
        )
        # The default for sites without their own choice (View > Allow Remote Images,
        # editor.ui.window.remote_images): the open post's site's choice is applied again.
        s.allow_remote_content = values.allow_remote
        remote_images = getattr(window, "remote_images", None)
        if remote_images is not None:
            remote_images.refresh()
        else:
            window.form_model.set_allow_remote(values.allow_remote)
        s.reopen_last = values.reopen_last

    # ---- closing -----------------------------------------------------------------------

    def store(self, settings: Settings) -> None:
        """Before the window's state is stored: leave distraction-free mode (the panes are
        stored as they were before it) and note the open site and post for the next start."""
        self.set_distraction_free(False)
        site_session = getattr(self.window, "site_session", None)
        workspace = getattr(site_session, "workspace", None)
        site = workspace.root if workspace is not None else None
        remember_session(settings, site, self.window.document.path)


def attach_comfort(window: Any) -> WindowComfort:
    """Writing comfort in the window (see the module docstring)."""
    return WindowComfort(window)
