"""The companion dictionary (en_GB beside en_US) is loaded only when a word needs it, and
the verdicts are those of a speller that loaded it up front."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.spelling.engine import available_languages, new_speller

pytestmark = pytest.mark.skipif(
    not new_speller("en_US").ok or "en_GB" not in available_languages(),
    reason="needs enchant with the en_US and en_GB hunspell dictionaries",
)

WORDS = [
    "color",
    "colour",
    "Colour",
    "neighbour",
    "Neighbour's",
    "the",
    "Teh",
    "Denver",
    "ICE's",
    "sanctuary",
    "recieve",
    "Recieve",
    "organise",
    "l'homme",
    "zzqx",
    "Zzqx",
    "centre",
    "Centres",
    "jpg",
    "dailymail",
    "naïve",
    "café",
    "Retruns",
    "isn't",
]


def test_a_post_in_the_main_spelling_never_loads_the_companion():
    speller = new_speller("en_US")
    for word in ("color", "Denver", "ICE's", "sanctuary", "the", "isn't"):
        assert not speller.misspelled(word)
    assert not speller.needs_near_search("Denver")
    assert speller._companions == [] and speller._companion_tags == ["en_GB"]


def test_a_word_only_the_companion_knows_loads_it_and_is_accepted():
    speller = new_speller("en_US")
    assert not speller.misspelled("colour")
    assert len(speller._companions) == 1 and speller._companion_tags == []
    assert speller.misspelled("recieve")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text("abcdeilnorstuCNRT'", min_size=1, max_size=9)))
def test_lazy_verdicts_match_a_speller_with_the_companion_loaded(words):
    lazy = new_speller("en_US")
    eager = new_speller("en_US")
    eager._companion_dictionaries()  # the reference: everything loaded before any word
    for word in words:
        assert lazy.misspelled(word) == eager.misspelled(word), word
