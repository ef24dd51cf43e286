"""FrontMatterForm: rows in file order, edits that keep the file's style, raw view, undo."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QImage, QTextCursor

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.session.frontmatter_model import REMOTE_BLOCKED_NOTE, FrontMatterModel
from editor.ui.form import FrontMatterForm
from editor.ui.form.chips import ChipListField
from editor.ui.form.datefield import DateField, qt_display_format
from editor.ui.form.fields import BoolField, FloatField, IntField, LineField, TextField, YamlField
from editor.ui.form.form import KeyLabel
from editor.ui.form.imagefield import ImageField
from tests.sample import SAMPLE, SAMPLE_KEYS
from tests.ui.fakes import FakePrompter


class Holder:
    def __init__(self, post: Post):
        self.post = post


def build(qtbot, post: Post, prompter=None, undo_shortcuts=False, **model_options):
    holder = Holder(post)
    model = FrontMatterModel(lambda: holder.post, **model_options)
    form = FrontMatterForm(model, prompter or FakePrompter(), undo_shortcuts=undo_shortcuts)
    qtbot.addWidget(form)
    form.resize(700, 600)
    return form, model


@pytest.fixture
def sample_post(tmp_path) -> Post:
    copy = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, copy)
    return Post.load(copy)


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new), "line count changed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def small(text: str) -> Post:
    return Post.from_bytes(text.encode())


def test_sample_shows_every_key_in_file_order_with_fitting_editors(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    assert form.shown_keys() == SAMPLE_KEYS
    kinds = {key: type(form.editor_for(key)) for key in SAMPLE_KEYS}
    assert kinds["extends"] is LineField
    assert kinds["image"] is ImageField
    assert kinds["title"] is TextField  # longer than a line
    assert kinds["description"] is TextField
    assert kinds["date"] is DateField
    assert kinds["categories"] is ChipListField
    assert kinds["featured"] is BoolField
    assert form.label_for("title").text() == "title"


def test_editing_the_title_and_saving_changes_only_the_title_line(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    before = sample_post.path.read_bytes()
    field = form.editor_for("title")
    field.text_edit.setPlainText("A calmer title")
    qtbot.waitUntil(lambda: sample_post.modified)  # the debounce commits without focus loss
    sample_post.save()
    [(old, new)] = changed_lines(before, sample_post.path.read_bytes())
    assert old.startswith(b"title: Harbour ferry returns")
    assert new == b"title: A calmer title "


def test_enter_in_a_one_line_text_commits_instead_of_breaking_the_line(qtbot, sample_post):
    form, model = build(qtbot, sample_post)
    field = form.editor_for("title")
    field.text_edit.setPlainText("Short")
    qtbot.keyClick(field.text_edit, Qt.Key.Key_Return)
    assert model.value("title") == "Short"
    assert "\n" not in field.text_edit.toPlainText()


def test_toggling_a_boolean_keeps_the_trailing_space(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    form.editor_for("featured").check_box.click()
    assert b"\nfeatured: false \n" in sample_post.to_bytes()


def test_adding_a_chip_keeps_the_flow_list_and_trailing_space(qtbot, sample_post):
    form, model = build(qtbot, sample_post)
    chips = form.editor_for("categories")
    assert [chip.text() for chip in chips.chips] == ["latest", "news"]
    qtbot.keyClicks(chips.add_box, "x")
    qtbot.keyClick(chips.add_box, Qt.Key.Key_Return)
    assert b"\ncategories: [latest, news, x] \n" in sample_post.to_bytes()
    assert [chip.text() for chip in chips.chips] == ["latest", "news", "x"]
    assert chips.add_box.text() == ""


def test_removing_a_chip_with_its_cross(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    chips = form.editor_for("categories")
    chips.chips[0].remove_button.click()
    assert b"\ncategories: [news] \n" in sample_post.to_bytes()


def test_chip_completion_offers_vocabulary_not_already_present(qtbot, sample_post):
    form, model = build(qtbot, sample_post)
    model.set_vocabulary(lambda key: ["news", "politics"] if key == "categories" else [])
    chips = form.editor_for("categories")
    chips.refresh()
    assert chips.completer.model().stringList() == ["politics"]


def test_changing_the_date_keeps_its_format(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    date_field = form.editor_for("date")
    assert date_field.editor.displayFormat() == "yyyy'-'MM'-'dd'-'HH'-'mm'-'ss"
    assert date_field.editor.dateTime() == QDateTime(QDate(2020, 9, 30), QTime(7, 25, 20))
    date_field.editor.setDateTime(QDateTime(QDate(2020, 10, 1), QTime(8, 0, 5)))
    assert b"\ndate: 2020-10-01-08-00-05 \n" in sample_post.to_bytes()


def test_a_date_only_field_writes_a_date(qtbot):
    post = small("---\ndate: 2021-03-04\n---\n")
    form, model = build(qtbot, post)
    field = form.editor_for("date")
    assert field.editor.displayFormat() == "yyyy'-'MM'-'dd"
    field.set_value(dt.date(2022, 5, 6))
    assert model.value("date") == dt.date(2022, 5, 6)
    assert post.to_bytes() == b"---\ndate: 2022-05-06\n---\n"


def test_raw_edit_shows_up_in_the_form(qtbot, sample_post):
    form, model = build(qtbot, sample_post)
    form.set_raw_mode(True)
    assert form.is_raw_mode()
    raw = form.raw_editor
    assert raw.text() == sample_post.front_matter_text
    raw.text_edit.setPlainText(raw.text().replace("featured: true", "featured: false"))
    qtbot.waitUntil(lambda: model.value("featured") is False)
    form.set_raw_mode(False)
    assert not form.is_raw_mode()
    assert form.editor_for("featured").check_box.isChecked() is False


def test_invalid_raw_text_is_never_written_and_its_line_is_marked(qtbot):
    post = small("---\ntitle: Hello\ndraft: false\n---\nBody\n")
    form, _ = build(qtbot, post)
    before = post.to_bytes()
    form.set_raw_mode(True)
    form.raw_editor.text_edit.setPlainText("title: Hello\n\tagain: x\ndraft: false\n")
    err = form.raw_editor.flush()
    assert err is not None and "tab" in err.message
    assert post.to_bytes() == before
    assert form.raw_editor.error_label.isVisibleTo(form)
    assert form.raw_editor.error_line() == 2  # raw text line; the file line is 3
    form.set_raw_mode(False)  # refused: the typing would be lost
    assert form.is_raw_mode()
    assert post.to_bytes() == before


def test_form_edits_update_the_raw_text(qtbot):
    post = small("---\ntitle: Hello\ndraft: false\n---\n")
    form, model = build(qtbot, post)
    form.set_raw_mode(True)
    model.set_value("draft", True)
    assert form.raw_editor.text() == "title: Hello\ndraft: true\n"


def test_ctrl_z_undoes_raw_typing_that_the_post_writes_its_own_way(qtbot):
    """Typed raw text is applied after a pause; where the post writes it its own way (here
    with the final newline the typing left out) the typing stays as typed, so Ctrl+Z,
    which the text edit takes for itself, still undoes it, and the post follows."""
    post = small("---\ntitle: Café 🙂\nfeatured: true\n---\nBody\n")
    form, model = build(qtbot, post)
    form.set_raw_mode(True)
    raw = form.raw_editor
    raw.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(raw.text_edit, "author: Sam")
    assert raw.flush() is None
    assert model.raw_text() == "title: Café 🙂\nfeatured: true\nauthor: Sam\n"
    assert raw.text() == "title: Café 🙂\nfeatured: true\nauthor: Sam"  # as typed
    raw.refresh()  # as a save does: nothing new to show
    assert raw.text_edit.document().isUndoAvailable()
    qtbot.keyClick(raw.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert raw.text() == "title: Café 🙂\nfeatured: true\n"
    assert raw.flush() is None
    assert post.to_bytes() == "---\ntitle: Café 🙂\nfeatured: true\n---\nBody\n".encode()
    model.set_value("featured", False)  # a change from elsewhere is shown
    assert raw.text() == "title: Café 🙂\nfeatured: false\n"


def test_rename_by_double_clicking_the_label(qtbot):
    post = small("---\ntitle: Hello\ntags: [a]\n---\nBody\n")
    prompter = FakePrompter("labels")
    form, _ = build(qtbot, post, prompter)
    qtbot.mouseDClick(form.label_for("tags"), Qt.MouseButton.LeftButton)
    assert form.shown_keys() == ["title", "labels"]
    assert post.to_bytes() == b"---\ntitle: Hello\nlabels: [a]\n---\nBody\n"


def test_cancelled_rename_changes_nothing(qtbot):
    post = small("---\ntitle: Hello\n---\n")
    form, model = build(qtbot, post, FakePrompter(None))
    form.rename_interactively("title")
    assert form.shown_keys() == ["title"]
    assert not model.can_undo()


def test_remove_with_the_row_cross_and_from_the_context_menu(qtbot):
    post = small("---\ntitle: Hello\ntags: [a]\ndraft: true\n---\nBody\n")
    form, _ = build(qtbot, post)
    form.remove_button_for("tags").click()
    assert form.shown_keys() == ["title", "draft"]
    menu = form.label_for("draft").context_menu()
    [remove] = [a for a in menu.actions() if a.text() == "Remove field"]
    remove.trigger()
    assert form.shown_keys() == ["title"]
    assert post.to_bytes() == b"---\ntitle: Hello\n---\nBody\n"


def test_add_field_asks_name_and_type(qtbot):
    post = small("---\ntitle: Hello\n---\n")
    form, model = build(qtbot, post, FakePrompter("draft", "yes/no"))
    form.add_button.click()
    assert form.shown_keys() == ["title", "draft"]
    assert isinstance(form.editor_for("draft"), BoolField)
    assert model.value("draft") is False


def test_undo_of_a_field_edit_with_ctrl_z(qtbot):
    post = small("---\ntitle: Hello\ndraft: false\n---\n")
    form, model = build(qtbot, post, undo_shortcuts=True)
    form.show()
    qtbot.waitExposed(form)
    box = form.editor_for("draft").check_box
    box.click()
    assert model.value("draft") is True
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.value("draft") is False
    assert box.isChecked() is False
    assert post.to_bytes() == b"---\ntitle: Hello\ndraft: false\n---\n"


def test_outside_change_updates_the_row_in_place_without_stealing_focus(qtbot):
    post = small("---\ntitle: Hello\nsubtitle: There\n---\n")
    form, model = build(qtbot, post)
    form.show()
    qtbot.waitExposed(form)
    title_field = form.editor_for("title")
    subtitle_edit = form.editor_for("subtitle").line_edit
    subtitle_edit.setFocus()
    qtbot.waitUntil(subtitle_edit.hasFocus)
    model.set_value("title", "Changed elsewhere")
    assert form.editor_for("title") is title_field
    assert title_field.line_edit.text() == "Changed elsewhere"
    assert subtitle_edit.hasFocus()


def test_structure_change_keeps_existing_rows(qtbot):
    post = small("---\ntitle: Hello\ndraft: true\n---\n")
    form, model = build(qtbot, post)
    title_field = form.editor_for("title")
    model.add_field("tags", ["a"])
    assert form.editor_for("title") is title_field
    assert form.shown_keys() == ["title", "draft", "tags"]


def test_nested_map_commits_only_valid_yaml(qtbot):
    post = small("---\nauthor:\n  name: Ann\n  url: x\n---\n")
    form, model = build(qtbot, post)
    field = form.editor_for("author")
    assert isinstance(field, YamlField)
    field.text_edit.setPlainText("name: Ann\nurl: [broken\n")
    field.flush()
    assert model.value("author") == {"name": "Ann", "url": "x"}
    assert field.error_label.isVisibleTo(form) and "line" in field.error_label.text()
    field.text_edit.setPlainText("name: Bob\nurl: x\n")
    field.flush()
    assert model.value("author") == {"name": "Bob", "url": "x"}
    assert not field.error_label.isVisibleTo(form)


def test_numbers_use_spin_boxes(qtbot):
    post = small("---\nweight: 3\nratio: 0.25\n---\n")
    form, model = build(qtbot, post)
    weight, ratio = form.editor_for("weight"), form.editor_for("ratio")
    assert isinstance(weight, IntField) and isinstance(ratio, FloatField)
    weight.spin.setValue(5)
    ratio.spin.setValue(0.5)
    assert post.to_bytes() == b"---\nweight: 5\nratio: 0.5\n---\n"


def test_local_image_shows_a_thumbnail(qtbot, tmp_path):
    picture = QImage(64, 32, QImage.Format.Format_RGB32)
    picture.fill(QColor("orange"))
    (tmp_path / "source" / "img").mkdir(parents=True)
    assert picture.save(str(tmp_path / "source" / "img" / "a.png"))
    form, _ = build(qtbot, small("---\ncover: /img/a.png\n---\n"), site_root=tmp_path)
    assert form.editor_for("cover").has_thumbnail()


def test_remote_image_shows_a_placeholder_until_allowed(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    image_field = form.editor_for("image")
    assert not image_field.has_thumbnail()
    assert image_field.thumbnail.text() == REMOTE_BLOCKED_NOTE


def test_a_post_without_front_matter_shows_a_hint(qtbot):
    form, _ = build(qtbot, small("Just a body\n"))
    assert form.shown_keys() == []
    assert form.empty_label.isVisibleTo(form)


@pytest.mark.parametrize(
    ("pattern", "qt"),
    [
        ("%Y-%m-%d-%H-%M-%S", "yyyy'-'MM'-'dd'-'HH'-'mm'-'ss"),
        ("%Y-%m-%dT%H:%M:%S%:z", "yyyy'-'MM'-'dd'T'HH':'mm':'ss"),
        ("%B %d, %Y", "MMMM' 'dd', 'yyyy"),
        (None, "yyyy-MM-dd"),
    ],
)
def test_strftime_patterns_translate_to_qt_formats(pattern, qt):
    assert qt_display_format(pattern, has_time=False) == qt


def test_a_dated_offset_is_kept_when_the_time_changes(qtbot):
    post = small("---\nupdated: 2021-03-05T10:20:30+02:00\n---\n")
    form, _ = build(qtbot, post)
    field = form.editor_for("updated")
    assert field.zone_label.text() == "+02:00"
    field.editor.setTime(QTime(11, 0, 0))
    assert post.to_bytes() == b"---\nupdated: 2021-03-05T11:00:00+02:00\n---\n"


def test_typing_in_a_line_edit_commits_after_a_pause(qtbot):
    post = small("---\nsubtitle: Old\n---\n")
    form, model = build(qtbot, post)
    line_edit = form.editor_for("subtitle").line_edit
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, "New")
    qtbot.waitUntil(lambda: model.value("subtitle") == "New")
    assert model.undo_stack.count() == 1  # one undo step however many keystrokes


def test_crlf_posts_survive_the_raw_view_unchanged(qtbot):
    text = b"---\r\ntitle: Hello\r\ntags: [a]\r\n---\r\nBody\r\n"
    post = Post.from_bytes(text)
    form, model = build(qtbot, post)
    form.set_raw_mode(True)
    assert form.raw_editor.text() == "title: Hello\ntags: [a]\n"
    form.set_raw_mode(False)
    assert post.to_bytes() == text
    form.set_raw_mode(True)
    form.raw_editor.text_edit.setPlainText("title: Bye\ntags: [a]\n")
    assert form.raw_editor.flush() is None
    assert post.to_bytes() == b"---\r\ntitle: Bye\r\ntags: [a]\r\n---\r\nBody\r\n"


def test_chips_wrap_onto_more_lines_when_narrow(qtbot):
    post = small("---\ntags: [alpha, beta, gamma, delta, epsilon, zeta, eta, theta]\n---\n")
    form, _ = build(qtbot, post)
    area = form.editor_for("tags").chip_area
    assert area.height_for_width(120) > area.height_for_width(2000)


@pytest.mark.corpus
def test_opening_every_corpus_post_in_the_form_changes_nothing(qtbot, corpus_dir):
    """Building the form and toggling the raw view must never edit a post by itself."""
    checked = 0
    for path in sorted(corpus_dir.rglob("*.md")):
        try:
            post = Post.load(path)
        except PostError:
            continue
        form, _ = build(qtbot, post)
        form.set_raw_mode(True)
        form.set_raw_mode(False)
        form.flush()
        assert post.to_bytes() == path.read_bytes(), path
        form.deleteLater()
        checked += 1
    assert checked > 100


def test_long_text_grows_to_show_every_wrapped_line(qtbot, sample_post):
    form, _ = build(qtbot, sample_post)
    form.resize(900, 600)
    form.show()
    qtbot.waitExposed(form)
    text_edit = form.editor_for("description").text_edit
    wide_height = text_edit.height()
    form.resize(360, 600)
    qtbot.waitUntil(lambda: text_edit.height() > wide_height)
    assert text_edit.verticalScrollBar().maximum() == 0  # nothing hidden behind a scroll
    field = form.editor_for("description")
    qtbot.waitUntil(lambda: field.height() >= text_edit.height())  # the row is not squeezed


# ---- rows made a few per turn (issue 16) --------------------------------------------


@pytest.fixture
def one_row_per_turn(monkeypatch):
    """Every slice of a rebuild makes a single row (as a slow machine would)."""
    import editor.ui.form.form as form_module

    monkeypatch.setattr(form_module, "ROW_SLICE_S", 0.0)


def switchable(qtbot):
    """A form on a post that the test replaces (holder.post, then model.reset())."""
    holder = Holder(small("---\ntitle: first\n---\nBody.\n"))
    model = FrontMatterModel(lambda: holder.post)
    form = FrontMatterForm(model, FakePrompter())
    qtbot.addWidget(form)
    form.resize(700, 600)
    form.show()
    return form, model, holder


def grid_keys(form) -> list[str]:
    keys = []
    for row in range(form._grid.rowCount()):
        item = form._grid.itemAtPosition(row, 0)
        if item is not None and isinstance(item.widget(), KeyLabel):
            keys.append(item.widget().key)
    return keys


def test_rows_are_made_over_turns_and_all_end_up_in_file_order(
    qtbot, sample_post, one_row_per_turn
):
    form, model, holder = switchable(qtbot)
    holder.post = sample_post
    with qtbot.waitSignal(form.rows_built, timeout=5000):
        model.reset()
        assert form.building  # the first rows now, the rest in later turns
        assert len(form._rows) < len(SAMPLE_KEYS)
    assert not form.building
    assert form.shown_keys() == SAMPLE_KEYS == grid_keys(form)
    qtbot.waitUntil(lambda: all(form.editor_for(key).isVisible() for key in SAMPLE_KEYS))


def test_asking_for_a_row_mid_way_makes_them_all(qtbot, sample_post, one_row_per_turn):
    form, model, holder = switchable(qtbot)
    holder.post = sample_post
    built = []
    form.rows_built.connect(lambda: built.append(True))
    model.reset()
    assert form.building
    assert isinstance(form.editor_for("image"), ImageField)  # the last rows made at once
    assert not form.building and built == [True]
    assert form.shown_keys() == SAMPLE_KEYS == grid_keys(form)
    qtbot.wait(20)
    assert built == [True]  # no slice left to run


def test_another_post_mid_way_shows_only_its_rows(qtbot, sample_post, one_row_per_turn):
    form, model, holder = switchable(qtbot)
    holder.post = sample_post
    model.reset()
    assert form.building
    holder.post = small("---\ntitle: other\ntags: [a, b]\n---\nBody.\n")
    with qtbot.waitSignal(form.rows_built, timeout=5000):
        model.reset()
    qtbot.wait(20)
    assert form.shown_keys() == ["title", "tags"] == grid_keys(form)
    labels = [w for w in form._grid_host.findChildren(KeyLabel) if w.isVisible()]
    assert sorted(label.key for label in labels) == ["tags", "title"]


def test_an_edit_mid_way_reaches_the_post(qtbot, sample_post, one_row_per_turn):
    form, model, holder = switchable(qtbot)
    holder.post = sample_post
    model.reset()
    assert form.building
    assert model.set_value("title", "Edited while the rows were made") is None
    qtbot.waitUntil(lambda: not form.building, timeout=5000)
    assert form.shown_keys() == SAMPLE_KEYS
    title = form.editor_for("title")
    assert isinstance(title, LineField)
    assert title.line_edit.text() == "Edited while the rows were made"
    assert holder.post.metadata["title"] == "Edited while the rows were made"
