"""The window's light and dark themes: reading whether a palette is dark, and setting one.

The one home of the palette code that the body editor, its highlighter and the window
share. ``apply_theme`` is what the View ▸ Theme menu calls.

The dark colours are chosen for contrast (WCAG: at least 4.5:1 for text, placeholder
hints included, and 3:1 for the edges of controls such as chips and check boxes; see
tests/ui/test_theme_contrast.py). Fusion draws a check box's edge from the window colour,
which is invisible on a dark palette, so the dark theme also sets a small application
style sheet for check boxes (``dark_stylesheet``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

DARK_COLOURS = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282c",
    QPalette.ColorRole.ToolTipBase: "#2b2d31",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35373c",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#82aaff",
    QPalette.ColorRole.Highlight: "#3d6db5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a0a6b0",
    QPalette.ColorRole.Mid: "#8f959e",  # chip borders and quiet labels (palette(mid))
}
DARK_DISABLED_TEXT = "#858891"
# Check boxes in the dark theme: a visible edge, and an accent fill with a dark tick.
DARK_CHECKBOX = {
    "edge": "#a0a6b0",
    "edge_hover": "#c9ced6",
    "fill": DARK_COLOURS[QPalette.ColorRole.Base],
    "checked": "#7aa2f7",
    "tick": "#1e1f22",  # the colour drawn in resources/check-dark.svg
    "disabled_edge": "#6b6f77",
}
CHECK_IMAGE = "check-dark.svg"


def dark_stylesheet() -> str:
    """The application style sheet of the dark theme (check boxes only)."""
    from editor.core.platform.resources import resource_path

    c = DARK_CHECKBOX
    tick = resource_path(CHECK_IMAGE).as_posix()
    return (
        "QCheckBox::indicator { width: 13px; height: 13px; border-radius: 3px;"
        f" border: 1px solid {c['edge']}; background: {c['fill']}; }}\n"
        f"QCheckBox::indicator:hover {{ border-color: {c['edge_hover']}; }}\n"
        f"QCheckBox::indicator:checked {{ background: {c['checked']};"
        f" border-color: {c['checked']}; image: url({tick}); }}\n"
        f"QCheckBox::indicator:disabled {{ border-color: {c['disabled_edge']}; }}\n"
    )


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def application_is_dark() -> bool:
    """True when the running application's palette is dark."""
    app = QApplication.instance()
    return app is not None and palette_is_dark(app.palette())


def apply_palette(dark: bool) -> None:
    """Make the application palette dark or light when the platform style did not.

    Many Linux desktops ignore QStyleHints.setColorScheme and some report a dark
    scheme with a light palette, so a Fusion dark palette is set explicitly.
    """
    app = QApplication.instance()
    if app is None or palette_is_dark(app.palette()) == dark:
        return
    if not dark:
        if app.styleSheet() == dark_stylesheet():
            app.setStyleSheet("")
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    palette = QPalette()
    for colour_role, colour in DARK_COLOURS.items():
        palette.setColor(colour_role, QColor(colour))
    role = QPalette.ColorRole
    for colour_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor(DARK_DISABLED_TEXT))
    app.setPalette(palette)
    if not app.styleSheet():  # never over a style sheet someone else set
        app.setStyleSheet(dark_stylesheet())


def apply_theme(theme: str) -> bool:
    """'system' follows the desktop's colour scheme; 'light'/'dark' force one. Returns
    whether the application is now dark."""
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        theme, Qt.ColorScheme.Unknown
    )
    hints = QApplication.styleHints()
    hints.setColorScheme(scheme)
    want_dark = theme == "dark" or (
        theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark
    )
    apply_palette(want_dark)
    return application_is_dark()
