"""The companion dictionary (en_GB beside en_US) is loaded only when a word needs it, and
the verdicts are those of a speller that loaded it up front."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.spelling.engine import available_languages, load_dictionaries, new_speller

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


def test_a_caller_that_must_not_wait_gets_no_verdict_until_it_hands_them_over():
    speller = new_speller("en_US")
    assert speller.misspelled_now("color") is False  # en_US's own: no companion needed
    assert speller.misspelled_now("colour") is None  # needs en_GB, which is not loaded
    assert speller.misspelled_now("recieve") is None
    assert speller._companions == [] and speller.companions_to_load == ["en_GB"]
    broker, dictionaries = load_dictionaries(speller.companions_to_load)
    assert broker is not None and len(dictionaries) == 1
    speller.take_companions(broker, dictionaries)
    assert speller.companions_to_load == []
    assert speller.misspelled_now("colour") is False
    assert speller.misspelled_now("recieve") is True


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS) | st.text("abcdeilnorstuCNRT'", min_size=1, max_size=9)),
    st.integers(min_value=0, max_value=20),
)
def test_verdicts_asked_before_and_after_the_hand_over_match_the_eager_speller(words, at):
    """Words asked without waiting, the companions handed over after the at-th word
    (as a worker would), then every word asked again: None only before the hand-over,
    and every verdict given is the eager speller's."""
    speller = new_speller("en_US")
    eager = new_speller("en_US")
    eager._companion_dictionaries()
    for index, word in enumerate(words + words):
        if index == at:
            speller.take_companions(*load_dictionaries(speller.companions_to_load))
        verdict = speller.misspelled_now(word)
        if verdict is None:
            assert index < at and speller.companions_to_load == ["en_GB"]
        else:
            assert verdict == eager.misspelled(word), word
    if at < 2 * len(words):
        assert all(speller.misspelled_now(w) == eager.misspelled(w) for w in words)
