"""The user's spelling preferences: off everywhere, and a language of their own."""

from __future__ import annotations

from editor.session.spelling import SpellingSession


def test_spelling_can_be_turned_off_and_on_again(qtbot, isolated_dirs):
    """Off: nothing is misspelled and the note says where to turn it on; on: checked again."""
    session = SpellingSession()
    session.set_post(None, None, {"lang": "en_US"})
    with qtbot.waitSignal(session.changed):
        session.set_user_preferences(False)
    assert not session.active
    assert not session.misspelled("wrod")
    assert "Preferences" in session.note
    assert session.status_text() == "en_US (spelling off)"
    session.set_user_preferences(True)
    assert session.active == session.speller.ok


def test_the_default_language_is_used_only_where_post_and_site_name_none(qtbot, isolated_dirs):
    """A post without a language is checked in the chosen one; a post's own lang wins."""
    session = SpellingSession()
    session.set_user_preferences(True, "en-gb")
    session.set_post(None, None, {})
    assert (session.language, session.source) == ("en_GB", "your preferences")
    session.set_post(None, None, {"lang": "en_US"})
    assert (session.language, session.source) == ("en_US", "post")
    session.set_user_preferences(True, "")
    session.set_post(None, None, {})
    assert session.source == "system"
