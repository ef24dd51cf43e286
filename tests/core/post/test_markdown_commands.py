"""The Markdown formatting commands (markdown_commands, markdown_blocks) as pure text
transformations: examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.post.markdown_blocks import insert_rule, insert_table, toggle_code_block
from editor.core.post.markdown_commands import (
    apply_edit,
    heading_level,
    indent_list,
    insert_link,
    outdent_list,
    run,
    set_heading,
    toggle_bold,
    toggle_bullets,
    toggle_code_span,
    toggle_italic,
    toggle_numbers,
    toggle_quote,
    toggle_strikethrough,
    toggle_tasks,
)


def marked(text: str):
    """'a [word] here' -> the text without brackets and the selection they mark; a lone
    '‸' marks a caret."""
    if "‸" in text:
        at = text.index("‸")
        return text.replace("‸", ""), at, at
    start = text.index("[")
    end = text.index("]") - 1
    return text.replace("[", "", 1).replace("]", "", 1), start, end


def check(command, before: str, after: str) -> None:
    """Running command on `before` (selection marked) gives `after` (selection marked)."""
    text, start, end = marked(before)
    assert run(command, text, start, end) == marked(after)


# ---- inline commands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        (toggle_italic, "a [word ]here", "a *[word]* here"),
        (toggle_italic, "a[ word] here", "a *[word]* here"),
        (toggle_bold, "make [this] bold", "make **[this]** bold"),
        (toggle_bold, "make **[this]** bold", "make [this] bold"),
        (toggle_bold, "a [**x**] b", "a [x] b"),
        (toggle_strikethrough, "[gone] now", "~~[gone]~~ now"),
        (toggle_strikethrough, "~~[gone]~~ now", "[gone] now"),
        (toggle_code_span, "run [ls -l] now", "run `[ls -l]` now"),
        (toggle_code_span, "use [a`b] now", "use ``[a`b]`` now"),
        (toggle_code_span, "use [`b] now", "use `` [`b] `` now"),
        (toggle_italic, "an impor‸tant word", "an *impor‸tant* word"),
        (toggle_italic, "an *impor‸tant* word", "an impor‸tant word"),
        (toggle_bold, "end ‸", "end **‸**"),
        (toggle_bold, "one[ two  ]", "one **[two]**  "),
    ],
)
def test_inline_toggles(command, before, after):
    """Inline commands wrap the trimmed selection (or the word at the caret) and unwrap it."""
    check(command, before, after)


def test_italic_and_bold_tell_their_asterisks_apart():
    """Italic on bold text adds a star; bold on bold-italic takes two away."""
    check(toggle_italic, "a **[word]** b", "a ***[word]*** b")
    check(toggle_italic, "a ***[word]*** b", "a **[word]** b")
    check(toggle_bold, "a ***[word]*** b", "a *[word]* b")
    check(toggle_bold, "a *[word]* b", "a ***[word]*** b")


def test_a_selection_over_lines_is_wrapped_line_by_line():
    """Each line's part is wrapped on its own: emphasis never spans paragraphs."""
    text = "one \n\ntwo"
    assert run(toggle_bold, text, 0, len(text))[0] == "**one** \n\n**two**"
    again = run(toggle_bold, *run(toggle_bold, text, 0, len(text)))
    assert again[0] == text


def test_link_trims_and_tells_urls_from_text():
    """Ctrl+K: [text]() with the caret in the parentheses, or [](url) with it in brackets."""
    check(insert_link, "see [docs ]now", "see [docs](‸) now")
    check(insert_link, "[https://example.com]", "[‸](https://example.com)")
    check(insert_link, "x ‸", "x [](‸)")


# ---- line commands ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        (set_heading(1), "Ti‸tle", "# Ti‸tle"),
        (set_heading(2), "# Ti‸tle", "## Ti‸tle"),
        (set_heading(2), "## Ti‸tle", "Ti‸tle"),
        (set_heading(3), "‸", "### ‸"),
        (toggle_bullets, "[a\n\nb]", "- [a\n\n- b]"),
        (toggle_bullets, "- [a\n- b]", "[a\nb]"),
        (toggle_bullets, "1. a‸", "- a‸"),
        (toggle_numbers, "[a\nb\nc]", "1. [a\n2. b\n3. c]"),
        (toggle_numbers, "1. a\n[b\nc]", "1. a\n2. [b\n3. c]"),
        (toggle_numbers, "1. [a\n2. b]", "[a\nb]"),
        (toggle_tasks, "- a‸", "- [ ] a‸"),
        (toggle_tasks, "- [x] a‸", "a‸"),
        (toggle_quote, "[a\n\nb]", "> [a\n>\n> b]"),
        (toggle_quote, "> [a\n>\n> b]", "[a\n\nb]"),
        (toggle_quote, "‸", "> ‸"),
        (indent_list, "- a\n- b‸", "- a\n    - b‸"),
        (outdent_list, "- a\n    - b‸", "- a\n- b‸"),
        (outdent_list, "- a\n\t- b‸", "- a\n- b‸"),
        (indent_list, "- z\n[- a\n  more\n- b]", "- z\n    [- a\n      more\n    - b]"),
        (indent_list, "- z\n\n- a‸", "- z\n\n    - a‸"),
    ],
)
def test_line_commands(command, before, after):
    """Line commands rewrite only the prefixes of the touched lines."""
    check(command, before, after)


def test_heading_levels():
    """ATX levels 1 to 6; seven hashes or none is no heading."""
    assert [heading_level(x) for x in ("# a", "###### a", "####### a", "#a", "a")] == [
        1,
        6,
        0,
        0,
        0,
    ]


def test_tab_outside_a_list_is_not_a_list_command():
    """Tab and Shift+Tab on a plain line, Shift+Tab on an unindented item and Tab on a
    list's first item are no list commands (Tab types a tab, as before)."""
    assert indent_list("plain text", 3, 3) is None
    assert outdent_list("plain text", 3, 3) is None
    assert outdent_list("- item", 3, 3) is None
    assert indent_list("- first item", 3, 3) is None  # it would become a code block
    assert indent_list("Para.\n- first item", 9, 9) is None


def test_a_selection_ending_at_a_line_start_leaves_that_line_alone():
    """Selecting whole lines (ending at the next line's start) does not touch the next."""
    text = "a\nb\nc"
    assert run(toggle_bullets, text, 0, 4)[0] == "- a\n- b\nc"


# ---- block commands ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        (toggle_code_block, "[a\nb]", "```\n[a\nb]\n```"),
        (toggle_code_block, "```\n[a\nb]\n```", "[a\nb]"),
        (toggle_code_block, "[```\na\n```]", "[a]"),
        (toggle_code_block, "‸", "```\n‸\n```"),
        (toggle_code_block, "[a\n```\nb]", "````\n[a\n```\nb]\n````"),
        (insert_rule, "para‸", "para\n\n---\n‸"),
        (insert_rule, "para\n‸\nnext", "para\n\n---\n‸\nnext"),
        (insert_rule, "para\n‸", "para\n\n---\n‸"),
        (insert_rule, "‸", "---\n‸"),
        (
            insert_table,
            "‸",
            "| [Column 1] | Column 2 |\n| -------- | -------- |\n|          |          |",
        ),
        (
            insert_table,
            "para‸\nnext",
            "para\n\n| [Column 1] | Column 2 |\n| -------- | -------- |\n|          |          |"
            "\n\nnext",
        ),
    ],
)
def test_block_commands(command, before, after):
    """Code blocks toggle; a rule and a table come with blank lines around them."""
    check(command, before, after)


# ---- properties -------------------------------------------------------------------------

WORDS = st.text(alphabet="ab ", min_size=0, max_size=8)
PLAIN_LINE = st.text(alphabet="ab. ", max_size=10).filter(lambda s: not s.startswith(" "))
INLINE = [toggle_bold, toggle_italic, toggle_strikethrough, toggle_code_span]
LINE_TOGGLES = [
    set_heading(1),
    set_heading(2),
    set_heading(3),
    toggle_bullets,
    toggle_numbers,
    toggle_tasks,
    toggle_quote,
    toggle_code_block,
]
ALL = INLINE + LINE_TOGGLES + [insert_link, insert_rule, insert_table, indent_list, outdent_list]


SOME_WORDS = st.lists(WORDS, min_size=1, max_size=6)


@st.composite
def text_and_selection(draw, lines=SOME_WORDS):
    text = "\n".join(draw(lines))
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    return text, min(a, b), max(a, b)


@given(st.sampled_from(INLINE), text_and_selection())
def test_an_inline_toggle_twice_restores_the_text(command, case):
    """Toggling twice, on the selection the first toggle left, gives the text back
    (whenever there was something to wrap)."""
    text, start, end = case
    if not any(c.isalpha() for c in text[start:end]) and not (
        start == end and _in_word(text, start)
    ):
        return
    once = run(command, text, start, end)
    assert run(command, *once)[0] == text


def _in_word(text: str, at: int) -> bool:
    return (at > 0 and text[at - 1].isalpha()) or (at < len(text) and text[at].isalpha())


@given(
    st.sampled_from(LINE_TOGGLES),
    text_and_selection(st.lists(PLAIN_LINE, min_size=1, max_size=6)),
)
def test_a_line_toggle_twice_restores_the_text(command, case):
    """Lines without Markdown prefixes come back unchanged after a toggle on and off."""
    text, start, end = case
    once = run(command, text, start, end)
    assert run(command, *once)[0] == text


@given(text_and_selection(st.lists(st.sampled_from(["- a", "1. b", "  - c", ""]), min_size=1)))
def test_indent_then_outdent_restores_a_list(case):
    """Tab then Shift+Tab on list items gives the list back."""
    text, start, end = case
    once = run(indent_list, text, start, end)
    if once[0] == text:
        return
    assert run(outdent_list, *once)[0] == text


@given(
    st.sampled_from(ALL),
    text_and_selection(st.lists(st.text(alphabet="ab -#>*`1.\t", max_size=8), min_size=1)),
)
def test_lines_the_selection_does_not_touch_are_unchanged(command, case):
    """Whatever the command, the lines before and after the touched ones stay as they were,
    and the selection it leaves lies inside the new text."""
    text, start, end = case
    edit = command(text, start, end)
    if edit is None:
        return
    new = apply_edit(text, edit)
    first = text.rfind("\n", 0, start) + 1
    stop = end - 1 if end > start and text[end - 1] == "\n" else end
    last = text.find("\n", max(stop, start))
    last = len(text) if last < 0 else last
    assert new.startswith(text[:first])
    assert new.endswith(text[last:])
    assert 0 <= edit.selection[0] <= edit.selection[1] <= len(new)
