"""The window's spelling never waits for a companion dictionary (en_GB beside en_US):
a word that needs one gets no verdict yet, the dictionaries load on a worker, and the
words are asked again once companions_loaded says they can be (issue 16: loading en_GB
on the GUI thread blocked the window for 30-60 ms)."""

from __future__ import annotations

import pytest

from editor.core.spelling.engine import available_languages, new_speller
from editor.session.spelling import SpellingSession

pytestmark = pytest.mark.skipif(
    not new_speller("en_US").ok or "en_GB" not in available_languages(),
    reason="needs enchant with the en_US and en_GB hunspell dictionaries",
)


def test_a_word_needing_the_companion_waits_for_it_off_the_gui_thread(qtbot, isolated_dirs):
    session = SpellingSession()
    session.set_post(None, None, {"lang": "en_US"})
    assert session.misspelled_now("color") is False
    with qtbot.waitSignal(session.companions_loaded, timeout=10000):
        assert session.misspelled_now("colour") is None
        assert session.misspelled_now("recieve") is None  # asked while loading: once
    assert session.speller.companions_to_load == []
    assert session.misspelled_now("colour") is False
    assert session.misspelled_now("recieve") is True


def test_each_language_loads_its_companions_in_turn(qtbot, isolated_dirs):
    session = SpellingSession()
    session.set_post(None, None, {"lang": "en_US"})
    first = session.speller
    assert session.misspelled_now("colour") is None
    session.set_post(None, None, {"lang": "en_GB"})
    second = session.speller
    assert second is not first
    verdict = session.misspelled_now("color")  # en_GB lacks it: en_US is its companion
    loaded: list[None] = []
    session.companions_loaded.connect(lambda: loaded.append(None))
    qtbot.waitUntil(lambda: len(loaded) == (2 if verdict is None else 1), timeout=10000)
    assert first.companions_to_load == [] and second.companions_to_load == []
    assert session.misspelled_now("color") is False
