"""The preview's scroll target: top, a source line, or the end while writing at the end."""

from __future__ import annotations

from editor.session.scroll_sync import END, TOP, last_text_line, preview_scroll_target


def target(first=10, *, at_top=False, at_bottom=False, caret=12, last=100, visible=True):
    return preview_scroll_target(
        first,
        at_top=at_top,
        at_bottom=at_bottom,
        caret_line=caret,
        last_text_line=last,
        caret_visible=visible,
    )


def test_the_middle_follows_the_first_visible_line():
    """Scrolled into the middle, the block of the editor's top line goes to the top."""
    assert target(37) == 37


def test_the_top_shows_the_header():
    """At the editor's top, the preview shows the page top (the header)."""
    assert target(1, at_top=True, caret=3) == TOP


def test_caret_on_the_last_line_shows_the_end():
    """Typing at the end of a post: the preview shows the end of the page."""
    assert target(80, caret=100) == END


def test_a_short_post_typed_at_its_end_shows_the_end():
    """No scrolling in the editor (top and bottom at once), caret at the end: the end."""
    assert target(1, at_top=True, at_bottom=True, caret=5, last=5) == END
    assert target(1, at_top=True, at_bottom=True, caret=2, last=5) == TOP


def test_the_editor_at_its_bottom_shows_the_end():
    """Scrolled to the bottom, the preview shows the end, wherever the caret is."""
    assert target(80, at_bottom=True, caret=3, visible=False) == END


def test_a_caret_scrolled_out_of_view_does_not_pull_the_preview():
    """Reading further up while the caret stays at the end: the preview follows the view."""
    assert target(40, caret=100, visible=False) == 40


def test_trailing_blank_lines_do_not_count():
    """The last line with text is the end, not the empty line after it."""
    assert last_text_line(["# T", "", "Last words", "", "  "]) == 3
    assert last_text_line([]) == 1 and last_text_line(["", ""]) == 1
