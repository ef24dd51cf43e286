"""Images through the window: drop and paste into the body, Insert > Image…, the image field."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QWidget

from editor.session.image_import import png_bytes
from editor.ui.window.image_insert import INSERT_IMAGE_SHORTCUT
from editor.ui.window.window_actions import INSERT_MENU, insert_menu
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

BODY = "Hello world, and more.\n"
POST = f'---\ntitle: My trip\nimage: ""\n---\n{BODY}'


def jigsaw_site(tmp_path):
    root = tmp_path / "site"
    (root / "source/_posts").mkdir(parents=True)
    (root / "config.php").write_text("<?php return [];")
    (root / "bootstrap.php").write_text("<?php")
    post = root / "source/_posts/2020-09-30-my-trip.md"
    post.write_text(POST)
    return root, post


def hugo_bundle(tmp_path):
    root = tmp_path / "site"
    (root / "content/posts/trip").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://x.org/"\n')
    post = root / "content/posts/trip/index.md"
    post.write_text(POST)
    return root, post


def png(colour="red") -> bytes:
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return png_bytes(image)


def outside_file(tmp_path, name, data=None):
    data = png() if data is None else data
    folder = tmp_path / "downloads"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def files_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(widget: QWidget, point: QPoint, mime: QMimeData) -> bool:
    """Drag mime over widget and drop it at point, as a file manager would; True if taken."""
    position = QPointF(point)
    action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(widget, QDragMoveEvent(point, action, mime, buttons, modifiers))
    dropped = QDropEvent(position, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def point_at(editor, position: int) -> QPoint:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    return editor.cursorRect(cursor).center()


def test_a_dropped_image_lands_in_jigsaws_images_and_is_linked_between_words(
    qtbot, settings, tmp_path
):
    root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "Red square.PNG")
    prompter = FakePrompter("A red square")
    window = open_window(qtbot, settings, prompter, [post])
    editor = window.body_editor
    assert drop(editor.viewport(), point_at(editor, BODY.index("world") + 2), files_mime(picture))
    expected = "Hello world, ![A red square](/assets/images/Red-square.png) and more.\n"
    qtbot.waitUntil(lambda: window.document.body == expected)
    assert (root / "source/assets/images/Red-square.png").read_bytes() == png()
    assert picture.read_bytes() == png()  # copied, not moved
    assert prompter.asked == ["Describe Red square.PNG for readers who cannot see it:"]
    editor.undo()
    assert window.document.body == BODY  # one step takes it all out


def test_dropping_the_same_image_twice_links_one_copy_and_a_taken_name_gets_a_suffix(
    qtbot, settings, tmp_path
):
    root, post = jigsaw_site(tmp_path)
    images = root / "source/assets/images"
    images.mkdir(parents=True)
    (images / "x.png").write_bytes(b"somebody else's x")
    picture = outside_file(tmp_path, "x.png")
    window = open_window(qtbot, settings, FakePrompter("one", "two"), [post])
    editor = window.body_editor
    for times in (1, 2):
        drop(editor.viewport(), point_at(editor, 0), files_mime(picture))
        qtbot.waitUntil(lambda n=times: window.document.body.count("x-2.png") == n)
    assert window.document.body.startswith(
        "![two](/assets/images/x-2.png) ![one](/assets/images/x-2.png) Hello"
    )
    assert sorted(p.name for p in images.iterdir()) == ["x-2.png", "x.png"]
    assert (images / "x.png").read_bytes() == b"somebody else's x"


def test_a_dropped_file_that_is_not_an_image_is_copied_and_linked_by_name(
    qtbot, settings, tmp_path
):
    root, post = jigsaw_site(tmp_path)
    report = outside_file(tmp_path, "report.pdf", b"%PDF-1.4")
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [post])
    editor = window.body_editor
    drop(editor.viewport(), point_at(editor, 2), files_mime(report))
    expected = "Hello [report.pdf](/assets/images/report.pdf) world, and more.\n"
    qtbot.waitUntil(lambda: window.document.body == expected)
    assert "file://" not in window.document.body
    assert prompter.asked == []  # no alt text for a link
    assert (root / "source/assets/images/report.pdf").read_bytes() == b"%PDF-1.4"


def test_cancelling_the_alt_text_copies_and_inserts_nothing(qtbot, settings, tmp_path):
    root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "x.png")
    prompter = FakePrompter(None)
    window = open_window(qtbot, settings, prompter, [post])
    editor = window.body_editor
    drop(editor.viewport(), point_at(editor, 0), files_mime(picture))
    qtbot.waitUntil(lambda: len(prompter.asked) == 1)
    assert window.document.body == BODY
    assert not (root / "source/assets").exists()
    assert not window.document.dirty


def test_pasted_image_data_is_saved_as_png_in_the_hugo_bundle(qtbot, settings, tmp_path):
    root, post = hugo_bundle(tmp_path)
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    mime = QMimeData()
    mime.setImageData(image)
    window = open_window(qtbot, settings, FakePrompter("A red square"), [post])
    editor = window.body_editor
    cursor = editor.textCursor()
    cursor.setPosition(len("Hello world,"))
    editor.setTextCursor(cursor)
    QApplication.clipboard().setMimeData(mime)
    editor.paste()
    expected = "Hello world, ![A red square](trip-1.png) and more.\n"
    qtbot.waitUntil(lambda: window.document.body == expected)
    saved = QImage(str(post.parent / "trip-1.png"))
    assert (saved.width(), saved.height()) == (8, 6)
    assert saved.pixelColor(3, 3) == QColor("red")
    editor.undo()
    assert window.document.body == BODY


def test_a_pasted_file_goes_in_at_the_caret(qtbot, settings, tmp_path):
    root, post = hugo_bundle(tmp_path)
    picture = outside_file(tmp_path, "map.webp")
    window = open_window(qtbot, settings, FakePrompter("The route"), [post])
    editor = window.body_editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.clipboard().setMimeData(files_mime(picture))
    editor.paste()
    qtbot.waitUntil(lambda: window.document.body == BODY + "![The route](map.webp)")
    assert (post.parent / "map.webp").read_bytes() == png()


def test_text_still_pastes_as_text(qtbot, settings, tmp_path):
    _root, post = jigsaw_site(tmp_path)
    window = open_window(qtbot, settings, FakePrompter(), [post])
    mime = QMimeData()
    mime.setText("plain words ")
    mime.setImageData(QImage(2, 2, QImage.Format.Format_RGB32))  # an office suite adds one
    QApplication.clipboard().setMimeData(mime)
    window.body_editor.paste()
    assert window.document.body == "plain words " + BODY


def test_insert_image_asks_for_a_file_and_inserts_it_at_the_caret(qtbot, settings, tmp_path):
    root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "sunset_over-the-bay.jpg")
    prompter = FakePrompter(image_path=str(picture))
    prompter.answers["text"] = "Sunset"
    window = open_window(qtbot, settings, prompter, [post])
    menu = insert_menu(window)
    assert menu.objectName() == INSERT_MENU
    assert window.images.insert_action in menu.actions()
    assert window.images.insert_action.shortcut().toString() == INSERT_IMAGE_SHORTCUT
    editor = window.body_editor
    editor.setFocus()
    qtbot.keyClick(
        editor,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert prompter.asked == ["image_path", "text"]
    assert window.document.body == "![Sunset](/assets/images/sunset_over-the-bay.jpg) " + BODY
    assert (root / "source/assets/images/sunset_over-the-bay.jpg").exists()


def test_the_default_alt_text_is_made_from_the_file_name(qtbot, settings, tmp_path):
    _root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "sunset_over-the-bay.jpg")

    class Accepting(FakePrompter):
        def ask_text(self, title, label, default=""):
            self.asked.append(default)
            return default

    prompter = Accepting(image_path=str(picture))
    window = open_window(qtbot, settings, prompter, [post])
    window.images.insert_action.trigger()
    assert prompter.asked == ["image_path", "sunset over the bay"]
    assert window.document.body.startswith("![sunset over the bay](")


def test_an_unsaved_post_asks_to_be_saved_first(qtbot, settings, tmp_path):
    picture = outside_file(tmp_path, "x.png")
    prompter = FakePrompter("alt")
    window = open_window(qtbot, settings, prompter)
    editor = window.body_editor
    drop(editor.viewport(), point_at(editor, 0), files_mime(picture))
    qtbot.waitUntil(lambda: bool(prompter.errors))
    assert "Save the post first" in prompter.errors[0]
    assert window.document.body == ""


def test_an_image_dropped_on_the_image_field_sets_it_to_the_url(qtbot, settings, tmp_path):
    root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "cover.jpg")
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [post])
    field = window.form.editor_for("image")
    line_edit = field.line_edit
    assert drop(line_edit, line_edit.rect().center(), files_mime(picture))
    qtbot.waitUntil(lambda: window.form_model.value("image") == "/assets/images/cover.jpg")
    assert line_edit.text() == "/assets/images/cover.jpg"
    assert (root / "source/assets/images/cover.jpg").read_bytes() == png()
    assert prompter.asked == []
    assert window.document.body == BODY
    window.form_model.undo()
    assert window.form_model.value("image") == ""


def test_the_image_field_refuses_a_file_that_is_not_an_image(qtbot, settings, tmp_path):
    root, post = jigsaw_site(tmp_path)
    report = outside_file(tmp_path, "report.pdf", b"%PDF")
    window = open_window(qtbot, settings, FakePrompter(), [post])
    line_edit = window.form.editor_for("image").line_edit
    assert not drop(line_edit, line_edit.rect().center(), files_mime(report))
    assert window.form_model.value("image") == ""
    assert not (root / "source/assets").exists()


def test_several_dropped_files_go_in_as_one_edit(qtbot, settings, tmp_path):
    root, post = jigsaw_site(tmp_path)
    picture = outside_file(tmp_path, "a.png")
    report = outside_file(tmp_path, "b.pdf", b"%PDF")
    window = open_window(qtbot, settings, FakePrompter("First"), [post])
    editor = window.body_editor
    drop(editor.viewport(), point_at(editor, len(BODY) - 1), files_mime(picture, report))
    expected = (
        "Hello world, and more. ![First](/assets/images/a.png) [b.pdf](/assets/images/b.pdf)\n"
    )
    qtbot.waitUntil(lambda: window.document.body == expected)
    assert sorted(p.name for p in (root / "source/assets/images").iterdir()) == ["a.png", "b.pdf"]
    editor.undo()
    assert window.document.body == BODY
