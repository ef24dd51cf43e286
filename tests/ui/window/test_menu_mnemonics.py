"""Every menu of the real window: its access keys (&-mnemonics) are unique and present.

Generic on purpose: it walks whatever menus the window has, so a menu item added later
with a clashing access key fails here.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QMenu

from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window


def mnemonic(text: str) -> str | None:
    """The access key of a menu text ("Save &As…" → "a"); "&&" is a literal ampersand."""
    index = 0
    while (index := text.find("&", index)) != -1:
        following = text[index + 1 : index + 2]
        if following == "&":
            index += 2
            continue
        return following.lower() or None
    return None


def test_mnemonic_reading():
    """The helper reads Qt's mnemonic syntax."""
    assert mnemonic("Save &As…") == "a"
    assert mnemonic("Fish && &Chips") == "c"
    assert mnemonic("Plain") is None


def clashes(menu_title: str, texts: list[str]) -> list[str]:
    by_key = defaultdict(list)
    for text in texts:
        key = mnemonic(text)
        if key is not None:
            by_key[key].append(text)
    return [f"{menu_title}: '{k}' in {v}" for k, v in by_key.items() if len(v) > 1]


def all_menus(window) -> list[tuple[str, QMenu]]:
    found = []

    def walk(title: str, menu: QMenu) -> None:
        menu.aboutToShow.emit()  # menus filled on demand fill now
        found.append((title, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(f"{title} > {action.text()}", action.menu())

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.text(), action.menu())
    return found


def test_every_menu_has_unique_access_keys(qtbot, sample, settings):
    """No two items of one menu (nor two menus of the menu bar) share an access key."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    menus = all_menus(window)
    assert len(menus) >= 5
    problems = clashes("menu bar", [a.text() for a in window.menuBar().actions()])
    for title, menu in menus:
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        problems += clashes(title, texts)
    assert problems == []


def test_every_menu_bar_entry_has_an_access_key(qtbot, sample, settings):
    """The keyboard reaches every top-level menu with Alt+key."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    texts = [a.text() for a in window.menuBar().actions()]
    assert texts and all(mnemonic(text) for text in texts)
