"""Dark theme contrast, by the WCAG formula: 4.5:1 for text (hints included), 3:1 for the
edges of controls (chips, check boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from editor.core.platform.resources import resource_path
from editor.ui.theme import (
    CHECK_IMAGE,
    DARK_CHECKBOX,
    DARK_COLOURS,
    apply_palette,
    dark_stylesheet,
)

Role = QPalette.ColorRole
TEXT, UI = 4.5, 3.0


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula():
    """Black on white is 21:1; a colour on itself 1:1."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)


C = DARK_COLOURS
TEXT_PAIRS = {
    "text on base": (C[Role.Text], C[Role.Base]),
    "window text": (C[Role.WindowText], C[Role.Window]),
    "button text": (C[Role.ButtonText], C[Role.Button]),
    "hint on a field": (C[Role.PlaceholderText], C[Role.Base]),
    "hint on the window": (C[Role.PlaceholderText], C[Role.Window]),
    "selected text": (C[Role.HighlightedText], C[Role.Highlight]),
    "link": (C[Role.Link], C[Role.Base]),
    "chip text": (C[Role.WindowText], C[Role.AlternateBase]),
    "quiet label (palette(mid))": (C[Role.Mid], C[Role.Window]),
    "tool tip": (C[Role.ToolTipText], C[Role.ToolTipBase]),
    "check box tick": (DARK_CHECKBOX["tick"], DARK_CHECKBOX["checked"]),
}
UI_PAIRS = {
    "chip edge on the window": (C[Role.Mid], C[Role.Window]),
    "chip edge on its fill": (C[Role.Mid], C[Role.AlternateBase]),
    "check box edge on the window": (DARK_CHECKBOX["edge"], C[Role.Window]),
    "check box edge on its fill": (DARK_CHECKBOX["edge"], DARK_CHECKBOX["fill"]),
    "checked box on the window": (DARK_CHECKBOX["checked"], C[Role.Window]),
}


@pytest.mark.parametrize("name", TEXT_PAIRS)
def test_text_contrast(name):
    """Every text colour of the dark theme reads at 4.5:1 or better on its background."""
    assert contrast(*TEXT_PAIRS[name]) >= TEXT


@pytest.mark.parametrize("name", UI_PAIRS)
def test_control_edges_contrast(name):
    """Chips and check boxes stand out at 3:1 or better."""
    assert contrast(*UI_PAIRS[name]) >= UI


def test_the_dark_palette_and_check_box_style_are_applied_and_removed(qapp):
    """Dark: the palette has the hint colour and check boxes get their style; light: gone."""
    app = QApplication.instance()
    was_dark = app.palette().color(Role.Base).lightness() < 128
    try:
        apply_palette(True)
        assert app.palette().color(Role.PlaceholderText).name() == C[Role.PlaceholderText]
        assert app.styleSheet() == dark_stylesheet()
        assert DARK_CHECKBOX["tick"] in resource_path(CHECK_IMAGE).read_text()
        assert resource_path(CHECK_IMAGE).as_posix() in app.styleSheet()
        apply_palette(False)
        assert app.styleSheet() == ""
    finally:
        apply_palette(was_dark)
