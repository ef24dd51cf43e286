"""Copy as HTML and File ▸ Export HTML… in the real window."""

from __future__ import annotations

import html
import re

from PySide6.QtWidgets import QApplication

from editor.core.render.page import stylesheet
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window


def test_copy_as_html_puts_the_body_html_on_the_clipboard(qtbot, sample, settings):
    """text/html and plain text both hold the rendered body (no page around it)."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.body_editor.selectAll()
    window.body_editor.insertPlainText("Hello *there*\n")
    window.export.copy_html.trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml()
    assert "<p>Hello <em>there</em></p>" in mime.html()
    assert "<p>Hello <em>there</em></p>" in mime.text()
    assert "<style>" not in mime.text()


def test_export_writes_one_standalone_page_where_asked(qtbot, sample, settings, tmp_path):
    """The file has the title, the body, the preview CSS inline, and no link or script."""
    target = tmp_path / "out" / "post.html"
    target.parent.mkdir()
    prompter = FakePrompter(export_path=str(target))
    window = open_window(qtbot, settings, prompter, [sample])
    window.export.export_html.trigger()
    assert prompter.suggested_export_path == str(sample.with_suffix(".html"))
    page = target.read_text(encoding="utf-8")
    title = window.document.post.metadata["title"].strip()
    assert f"<title>{html.escape(title, quote=False)}</title>" in page
    assert "Kittlehaven" in page  # the body's first word
    assert stylesheet() in re.findall(r"<style>(.*?)</style>", page, re.S)[0]
    assert "<link" not in page.lower() and "<script" not in page.lower()
    assert "file://" not in page


def test_cancelled_export_writes_nothing(qtbot, sample, settings, tmp_path):
    """No path, no file."""
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    assert window.export.export_page() is None
    assert "export_path" in prompter.asked
    assert not sample.with_suffix(".html").exists()


def test_the_menus_offer_both(qtbot, sample, settings):
    """File has Export HTML…, Edit has Copy as HTML."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert window.export.export_html in menus["File"].actions()
    assert window.export.copy_html in menus["Edit"].actions()
