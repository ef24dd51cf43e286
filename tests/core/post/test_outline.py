"""The outline's headings: ATX and setext, nested levels, never in code, file line numbers."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from editor.core.post.outline import Heading, headings, section_at

BODY = """# Title

Intro text.

Setext one
==========

## Second *emphasis* {#second}

```python
# not a heading
```

~~~~
## nor this
~~~~

    # indented code, no heading

Two lines
of setext
---

- a list item
---

<!--
# commented out
-->

### [Linked](https://example.com) ###
"""


def test_atx_and_setext_headings_with_levels_and_text():
    """Every kind of heading is found with its level and its text as shown."""
    found = headings(BODY)
    assert [(h.level, h.text) for h in found] == [
        (1, "Title"),
        (1, "Setext one"),
        (2, "Second emphasis"),
        (2, "Two lines of setext"),
        (3, "Linked"),
    ]


def test_lines_are_file_lines_when_the_body_starts_later():
    """first_line shifts every line: a body that starts on file line 7 has its first
    heading there, and body_line stays the line within the body."""
    found = headings(BODY, first_line=7)
    assert [h.line for h in found] == [7, 11, 14, 26, 37]
    assert [h.body_line for h in found] == [1, 5, 8, 20, 31]


def test_nothing_inside_fenced_or_indented_code_is_a_heading():
    """A '#' line inside a fence, and an indented one after a blank line, are code."""
    body = "```\n# a\n```\n\n    # b\n\n````\n```\n# c\n````\n# real\n"
    assert [h.text for h in headings(body)] == ["real"]


def test_an_unclosed_fence_hides_everything_after_it():
    """As in CommonMark, a fence that never closes runs to the end of the body."""
    assert headings("# one\n```\n# two\n") == [Heading(1, "one", 1, 1)]


def test_a_rule_after_a_list_or_blank_line_is_no_heading():
    """'---' under a list item or after a blank line is a thematic break."""
    assert headings("- item\n---\n\n---\n") == []


def test_section_at_finds_the_heading_above_a_line():
    """The current section is the last heading at or above the line."""
    found = headings("intro\n# a\ntext\n## b\ntext\n")
    assert section_at(found, 1) is None
    assert section_at(found, 2) == 0
    assert section_at(found, 3) == 0
    assert section_at(found, 5) == 1


def test_a_big_body_is_scanned_quickly():
    """A 50,000-word body with headings every few paragraphs scans in well under a
    keystroke pause (measured, not asserted as timing: printed for the report)."""
    section = "## A heading\n\n" + ("word " * 100 + "\n\n") * 5
    body = section * 100
    started = time.perf_counter()
    found = headings(body)
    elapsed = time.perf_counter() - started
    assert len(found) == 100
    print(f"outline scan of {len(body.split())} words: {elapsed * 1000:.1f} ms")


@given(st.lists(st.sampled_from(["# h", "text", "", "```", "===", "---", "    x", "- i"])))
def test_headings_are_in_order_inside_the_body(lines):
    """Whatever the lines, headings come in line order, on lines of the body."""
    body = "\n".join(lines)
    found = headings(body, first_line=3)
    assert [h.body_line for h in found] == sorted({h.body_line for h in found})
    assert all(1 <= h.body_line <= len(lines) and h.line == h.body_line + 2 for h in found)
    assert all(1 <= h.level <= 6 for h in found)
