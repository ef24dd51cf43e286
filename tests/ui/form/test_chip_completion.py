"""Choosing a chip completion adds the chip and leaves the add box empty."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.core.post.model import Post
from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form import FrontMatterForm
from tests.ui.fakes import FakePrompter

TEXT = "---\ntitle: T\ntags: [news]\n---\nBody\n"


def chips_field(qtbot):
    post = Post.from_bytes(TEXT.encode())
    model = FrontMatterModel(lambda: post)
    model.set_vocabulary(lambda key: ["news", "politics", "python"])
    form = FrontMatterForm(model, FakePrompter())
    qtbot.addWidget(form)
    form.show()
    field = form.editor_for("tags")
    field.refresh()
    return field, post


def texts(field) -> list[str]:
    return [chip.text() for chip in field.chips]


def test_choosing_a_completion_from_the_popup_adds_it_and_empties_the_box(qtbot):
    field, _post = chips_field(qtbot)
    field.add_box.setFocus()
    qtbot.keyClicks(field.add_box, "pol")
    popup = field.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert texts(field) == ["news", "politics"]
    assert field.add_box.text() == ""
    qtbot.keyClick(field.add_box, Qt.Key.Key_Return)
    assert texts(field) == ["news", "politics"]


def test_an_activated_completion_leaves_nothing_for_the_next_enter(qtbot):
    field, _post = chips_field(qtbot)
    qtbot.keyClicks(field.add_box, "pyt")
    field.completer.activated.emit("python")
    assert texts(field) == ["news", "python"]
    assert field.add_box.text() == ""
    qtbot.keyClick(field.add_box, Qt.Key.Key_Return)
    assert texts(field) == ["news", "python"]
