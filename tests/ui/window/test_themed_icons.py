"""Icons from the desktop's theme, with Qt's standard icons where the theme has none."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from editor.ui.window.window_actions import themed_icon


def test_a_missing_theme_icon_falls_back_to_the_named_standard_icon(qapp):
    assert QIcon.fromTheme("masthead-no-such-icon").isNull()
    assert not themed_icon("masthead-no-such-icon", "SP_DirIcon").isNull()


def test_without_a_fallback_a_missing_theme_icon_stays_empty(qapp):
    assert themed_icon("masthead-no-such-icon").isNull()
