"""The prose tokenizer: what spell checking looks at, and every kind of text it skips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.spelling.tokens import (
    is_checkable,
    line_words,
    mask_markdown,
    plain_words,
    prose_words,
    starts_sentence,
)


def words(text: str) -> list[str]:
    return [word for _, word in prose_words(text)]


def test_offsets_point_at_the_words():
    text = "Hello *wrold*, a `code` span and café.\n\nNext paragraph."
    for offset, word in prose_words(text):
        assert text[offset : offset + len(word)] == word
    assert words(text) == ["Hello", "wrold", "span", "and", "café", "Next", "paragraph"]


@pytest.mark.parametrize(
    "text",
    [
        "Some `inline cdoe` here",
        "Some ``double `tick` cdoe`` here",
        "Some\n\n```python\ndef cdoe():\n    pass\n```\n\nhere",
        "Some\n\n~~~~\ncdoe\n~~~~\n\nhere",
        "Some\n\n    indented cdoe block\n\nhere",
        "Some <pre>cdoe\nblock</pre> here",
        "Some <code>cdoe</code> here",
        "Some <script>var cdoe = 1;</script> here",
        "Some <!-- a cdoe comment --> here",
    ],
)
def test_code_is_skipped(text):
    assert "cdoe" not in words(text)
    assert words(text)[0] == "Some" and words(text)[-1] == "here"


@pytest.mark.parametrize(
    "text",
    [
        "Some https://exmple.com/cdoe/path here",
        "Some http://www.cdoe.org here",
        "Some www.cdoe.org here",
        "Some <https://cdoe.example> here",
        "Some cdoe.person@example.org here",
        "Some <mailto:cdoe@example.org> here",
        "Some mailto:cdoe@example.org here",
    ],
)
def test_urls_and_email_addresses_are_skipped(text):
    assert words(text) == ["Some", "here"]


@pytest.mark.parametrize(
    "text",
    [
        'Some <span class="cdoe" data-cdoe-id="x">here</span>',
        'Some <img src="cdoe.png"\n  alt="x"> here',
        "Some &nbsp;&cdoe; here",
    ],
)
def test_html_tags_attributes_and_entities_are_skipped(text):
    assert words(text) == ["Some", "here"]


@pytest.mark.parametrize(
    "text",
    [
        'Some {{< figure src="a.png" caption="cdoe" >}} here',
        "Some {{% notice cdoe %}} here",
        "Some {% include cdoe.html param=x %} here",
        "Some {{ site.cdoe | cdoe }} here",
        "Some {# a cdoe comment #} here",
        "Some\n{% highlight ruby %}\ncdoe = 1\n{% endhighlight %}\nhere",
        "Some\n{{< highlight go >}}\ncdoe := 1\n{{< /highlight >}}\nhere",
    ],
)
def test_shortcodes_and_template_tags_are_skipped(text):
    assert words(text) == ["Some", "here"]


@pytest.mark.parametrize(
    "text",
    [
        "Some [here](https://x.org/cdoe-page)",
        'Some [here](/cdoe/page "Title") ',
        "Some ![here](images/cdoe.png)",
        "Some [here][cdoe]",
        "Some here[^cdoe]\n\n[cdoe]: https://example.org/page",
    ],
)
def test_link_targets_are_skipped_and_link_text_kept(text):
    assert words(text) == ["Some", "here"]


def test_caps_digits_camel_case_and_identifiers_are_skipped():
    text = "NASA and mp3 or H2O, iPhone, GitHub, config.toml, @cdoe, #cdoe, a/cdoe, key:cdoe, cdoe() and I"
    assert words(text) == ["and", "or", "and"]


def test_apostrophes_and_curly_quotes_stay_inside_words():
    assert words("Don't stop, it’s Anne's café’s day. 'Quoted' and ‘single’") == [
        "Don't",
        "stop",
        "it’s",
        "Anne's",
        "café’s",
        "day",
        "Quoted",
        "and",
        "single",
    ]


def test_non_ascii_words_are_whole_words():
    assert words("Naïve Grüße, señor, œuvre, Ελλάδα, Привет") == [
        "Naïve",
        "Grüße",
        "señor",
        "œuvre",
        "Ελλάδα",
        "Привет",
    ]


def test_hyphenated_words_are_checked_part_by_part():
    assert words("a well-known state-of-the-art tool") == [
        "well",
        "known",
        "state",
        "of",
        "the",
        "art",
        "tool",
    ]


def test_a_list_items_indented_continuation_is_prose():
    assert "continued" in words("- item\n\n    continued text\n")


def test_plain_fields_skip_inline_code_urls_and_shortcodes_but_keep_words():
    found = [w for _, w in plain_words("A `cdoe` title https://cdoe.org {{ cdoe }} with words")]
    assert found == ["title", "with", "words"]


def test_line_words_for_the_editor_match_the_whole_text_rules_on_one_line():
    line = "Teh [link](http://x.org/cdoe) and `cdoe` <b>bold</b>"
    assert [w for _, w in line_words(line)] == ["Teh", "link", "and", "bold"]


def test_is_checkable():
    assert is_checkable("word") and is_checkable("Word") and is_checkable("don't")
    for word in ("WORD", "w0rd", "snake_case", "camelCase", "x"):
        assert not is_checkable(word)


@given(
    st.lists(
        st.sampled_from([*"ab `<>{}%[]()#:/.@\n~*_'’é", "http://", "```", "    "]), max_size=60
    ).map("".join)
)
def test_masking_keeps_length_and_line_breaks(text):
    masked = mask_markdown(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    for offset, word in prose_words(text):
        assert text[offset : offset + len(word)] == word


def test_starts_sentence():
    text = "Teh start. Then Smithe said: Hello (Wrold) and Bob\n- Item two\n## Heading\n1. Numbered"
    starts = {w: starts_sentence(text, o) for o, w in prose_words(text)}
    assert starts["Teh"] and starts["Then"] and starts["Hello"] and starts["Item"]
    assert starts["Heading"] and starts["Numbered"]
    assert not starts["Smithe"] and not starts["Wrold"] and not starts["Bob"]
