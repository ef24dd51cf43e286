"""The window's light and dark themes: reading whether a palette is dark, and setting one.

The one home of the palette code that the body editor, its highlighter and the window
share. ``apply_theme`` is what the View ▸ Theme menu calls.
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
    QPalette.ColorRole.PlaceholderText: "#8a8f98",
}
DARK_DISABLED_TEXT = "#7a7d84"


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
