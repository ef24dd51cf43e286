"""Scroll sync from the body editor to the preview: reads the editor, asks
``editor.session.scroll_sync`` where the preview goes, and scrolls it there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.session.scroll_sync import END, preview_scroll_target

if TYPE_CHECKING:
    from editor.ui.editor.body_editor import BodyEditor
    from editor.ui.preview.preview_view import PreviewView


def last_text_line(editor: BodyEditor) -> int:
    """The editor's last line with text (trailing blank lines skipped), 1-based."""
    block = editor.document().lastBlock()
    while block.isValid() and not block.text().strip() and block.previous().isValid():
        block = block.previous()
    return block.blockNumber() + 1


def sync_preview_scroll(editor: BodyEditor, preview: PreviewView) -> int:
    """Scroll the preview to follow the editor; returns the target (TOP, END or a line)."""
    bar = editor.verticalScrollBar()
    target = preview_scroll_target(
        editor.first_visible_line(),
        at_top=bar.value() == 0,
        at_bottom=bar.value() >= bar.maximum(),
        caret_line=editor.current_line(),
        last_text_line=last_text_line(editor),
        caret_visible=editor.viewport().rect().intersects(editor.cursorRect()),
    )
    if target == END:
        preview.scroll_to_end()
    else:
        preview.scroll_to_line(target)  # 0: the page top, with the header
    return target
