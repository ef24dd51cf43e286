"""Focus mode's paragraph and sentence around the caret."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editor.core.post.focus import paragraph_bounds, sentence_bounds

LINES = [
    "# Title",
    "First paragraph, line one",
    "and line two.",
    "",
    "- item one",
    "- item two",
    "  continued",
    "",
]


def test_a_paragraph_is_a_run_of_lines_between_blank_ones():
    """Both lines of the first paragraph belong together; the heading stands alone."""
    assert paragraph_bounds(LINES, 1) == (1, 2)
    assert paragraph_bounds(LINES, 2) == (1, 2)
    assert paragraph_bounds(LINES, 0) == (0, 0)


def test_list_items_are_paragraphs_of_their_own_and_blank_lines_too():
    """Each item with its continuation lines; a blank line is only itself."""
    assert paragraph_bounds(LINES, 4) == (4, 4)
    assert paragraph_bounds(LINES, 6) == (5, 6)
    assert paragraph_bounds(LINES, 3) == (3, 3)


TEXT = "One sentence here. Another one, e.g. this! “Quoted.” Last"


def test_the_sentence_around_the_caret():
    """The caret's sentence, without the space after it; 'e.g. this' does not split."""
    spans = {sentence_bounds(TEXT, at) for at in (0, 5, 17)}
    assert spans == {(0, 18)}
    start, end = sentence_bounds(TEXT, 25)
    assert TEXT[start:end] == "Another one, e.g. this!"
    start, end = sentence_bounds(TEXT, TEXT.index("Quoted"))
    assert TEXT[start:end] == "“Quoted.”"
    start, end = sentence_bounds(TEXT, len(TEXT))
    assert TEXT[start:end] == "Last"


def test_a_sentence_can_span_lines():
    """In a hard-wrapped paragraph a sentence runs across the newline."""
    text = "It starts here\nand ends here. Next."
    assert text[slice(*sentence_bounds(text, 3))] == "It starts here\nand ends here."


@given(st.text(alphabet="ab .!?\n“”", max_size=60), st.data())
def test_the_sentence_always_lies_in_the_text_and_near_the_caret(text, data):
    """The span is inside the text and starts no later than the caret."""
    offset = data.draw(st.integers(0, len(text)))
    start, end = sentence_bounds(text, offset)
    assert 0 <= start <= end <= len(text)
    assert start <= offset
