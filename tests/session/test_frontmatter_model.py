"""FrontMatterModel: reads and edits go through the Post, edits are undoable, signals fire."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.session.frontmatter_model import REMOTE_BLOCKED_NOTE, FrontMatterModel
from tests.sample import SAMPLE, SAMPLE_KEYS


class Holder:
    """Stands in for the Document: owns the current Post."""

    def __init__(self, post: Post):
        self.post = post


def make_model(post: Post, **kwargs) -> tuple[FrontMatterModel, Holder]:
    holder = Holder(post)
    return FrontMatterModel(lambda: holder.post, **kwargs), holder


@pytest.fixture
def sample_path(tmp_path) -> Path:
    target = tmp_path / "site" / "source" / "_posts" / SAMPLE.name
    target.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def sample(qapp, sample_path):
    post = Post.load(sample_path)
    model, holder = make_model(post)
    return model, post


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new), "line count changed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def small(text: str) -> Post:
    return Post.from_bytes(text.encode())


def test_keys_follow_file_order(sample):
    model, _post = sample
    assert model.keys() == SAMPLE_KEYS


def test_set_value_changes_only_that_line_and_signals(sample, qtbot):
    model, post = sample
    before = post.to_bytes()
    with qtbot.waitSignal(model.changed) as changed, qtbot.waitSignal(model.post_edited):
        assert model.set_value("title", "A new title") is None
    assert changed.args == ["title"]
    [(old, new)] = changed_lines(before, post.to_bytes())
    assert old.startswith(b"title: Harbour ferry") and new.startswith(b"title: A new title")


def test_setting_an_equal_value_is_not_an_edit(sample, qtbot):
    model, post = sample
    with qtbot.assertNotEmitted(model.post_edited):
        model.set_value("featured", True)
    assert not model.can_undo()
    assert not post.modified


def test_odd_date_format_is_parsed_and_kept(sample):
    model, post = sample
    assert model.kind("date") == "date"
    assert model.date_format("date") == "%Y-%m-%d-%H-%M-%S"
    assert model.date_value("date") == dt.datetime(2020, 9, 30, 7, 25, 20)
    model.set_value("date", dt.datetime(2021, 1, 2, 3, 4, 5))
    assert b"\ndate: 2021-01-02-03-04-05 \n" in post.to_bytes()


def test_add_remove_rename_emit_structure_changed(qapp, qtbot):
    post = small("---\ntitle: Hello\ntags: [a]\n---\nBody\n")
    model, _ = make_model(post)
    with qtbot.waitSignal(model.structure_changed):
        assert model.add_field("draft", True) is None
    assert model.keys() == ["title", "tags", "draft"]
    with qtbot.waitSignal(model.structure_changed):
        model.rename_field("tags", "labels")
    assert model.keys() == ["title", "labels", "draft"]
    with qtbot.waitSignal(model.structure_changed):
        model.remove_field("title")
    assert model.keys() == ["labels", "draft"]
    assert post.body == "Body\n"


def test_refused_edits_report_an_error_and_change_nothing(qapp, qtbot):
    post = small("---\ntitle: Hello\ntags: [a]\n---\nBody\n")
    model, _ = make_model(post)
    before = post.to_bytes()
    with qtbot.waitSignal(model.error) as caught:
        err = model.rename_field("title", "tags")
    assert isinstance(err, PostError) and caught.args[0] is err
    assert isinstance(model.add_field("title", "x"), PostError)
    assert isinstance(model.add_field("   ", "x"), PostError)
    assert isinstance(model.remove_field("missing"), PostError)
    assert post.to_bytes() == before
    assert not model.can_undo()


def test_valid_raw_text_replaces_the_front_matter(qapp, qtbot):
    post = small("---\ntitle: Hello\n---\nBody\n")
    model, _ = make_model(post)
    with qtbot.waitSignal(model.structure_changed):
        assert model.set_raw_text("title: Bye\ndraft: true\n") is None
    assert model.keys() == ["title", "draft"]
    assert model.value("title") == "Bye"
    assert model.raw_text() == "title: Bye\ndraft: true\n"


def test_invalid_raw_text_changes_nothing_and_names_the_line(qapp, qtbot):
    post = small("---\ntitle: Hello\ndraft: false\n---\nBody\n")
    model, _ = make_model(post)
    before = post.to_bytes()
    with qtbot.waitSignal(model.error), qtbot.assertNotEmitted(model.post_edited):
        err = model.set_raw_text("title: Hello\ndraft: [unclosed\n")
    assert isinstance(err, PostError)
    assert err.line is not None
    assert post.to_bytes() == before


def test_undo_and_redo_restore_exact_bytes(qapp, qtbot):
    text = "---\ntitle: 'Quoted'   # keep me\ntags: [a, b]\n---\nBody\n"
    post = small(text)
    model, _ = make_model(post)
    model.set_value("title", "Changed")
    model.remove_field("tags")
    after = post.to_bytes()
    with qtbot.waitSignal(model.structure_changed):
        model.undo()
    assert model.keys() == ["title", "tags"]
    with qtbot.waitSignal(model.changed) as changed:
        model.undo()
    assert changed.args == ["title"]
    assert post.to_bytes() == text.encode()
    model.redo()
    model.redo()
    assert post.to_bytes() == after


def test_undo_leaves_body_edits_alone(qapp):
    post = small("---\ntitle: One\n---\nBody\n")
    model, _ = make_model(post)
    model.set_value("title", "Two")
    post.body = "New body\n"
    model.undo()
    assert model.value("title") == "One"
    assert post.body == "New body\n"


def test_coalesced_typing_is_one_undo_step(qapp):
    post = small("---\ntitle: A\ndraft: false\n---\n")
    model, _ = make_model(post)
    for text in ("AB", "ABC", "ABCD"):
        model.set_value("title", text, coalesce=True)
    model.set_value("draft", True)
    model.set_value("draft", False)
    assert model.undo_stack.count() == 3
    model.undo()
    model.undo()
    model.undo()
    assert model.value("title") == "A"


def test_reset_reads_the_replacement_post_and_forgets_history(qapp, qtbot):
    model, holder = make_model(small("---\ntitle: Old\n---\n"))
    model.set_value("title", "Edited")
    holder.post = small("---\nname: Fresh\n---\n")
    with qtbot.waitSignal(model.structure_changed):
        model.reset()
    assert model.keys() == ["name"]
    assert not model.can_undo()


def test_suggestions_merge_file_values_and_vocabulary(qapp):
    model, _ = make_model(small("---\ntags: [news, Latest]\ntitle: T\n---\n"))
    assert model.suggestions("tags") == ["Latest", "news"]
    model.set_vocabulary(lambda key: ["politics", "news"] if key == "tags" else [])
    assert model.suggestions("tags") == ["Latest", "news", "politics"]
    assert model.suggestions("missing") == []


def test_image_fields_are_recognised(sample):
    model, _ = sample
    assert model.is_image("image")
    assert not model.is_image("title")
    other, _ = make_model(small("---\nbanner_pic: /img/a.PNG\ncount: 3\n---\n"))
    assert other.is_image("banner_pic")
    assert not other.is_image("count")


def test_image_paths_resolve_against_the_site_source_folder(qapp, tmp_path):
    site = tmp_path / "site"
    (site / "source" / "assets" / "img").mkdir(parents=True)
    image = site / "source" / "assets" / "img" / "x.png"
    image.write_bytes(b"not really")
    model, _ = make_model(
        small("---\nimage: /assets/img/x.png\nthumb: /nope.png\n---\n"), site_root=site
    )
    location = model.resolve_image("image")
    assert location.kind == "local" and Path(location.where) == image.resolve()
    assert model.resolve_image("thumb").kind == "missing"


def test_site_root_is_found_above_the_post(sample_path):
    (sample_path.parents[2] / "config.php").write_text("<?php return [];")
    model, _ = make_model(Post.load(sample_path))
    assert model.site_root() == sample_path.parents[2].resolve()


def test_local_thumbnail_is_loaded_and_scaled(qapp, qtbot, tmp_path):
    picture = QImage(400, 200, QImage.Format.Format_RGB32)
    picture.fill(QColor("teal"))
    assert picture.save(str(tmp_path / "pic.png"))
    model, _ = make_model(small("---\ncover: pic.png\n---\n"), site_root=tmp_path)
    with qtbot.waitSignal(model.thumbnail_ready) as ready:
        model.request_thumbnail("cover", QSize(100, 100))
    key, image, note = ready.args
    assert key == "cover" and note == ""
    assert (image.width(), image.height()) == (100, 50)


def test_remote_thumbnail_waits_for_permission(sample, qtbot):
    model, _ = sample
    assert not model.allow_remote()
    with qtbot.waitSignal(model.thumbnail_ready) as ready:
        model.request_thumbnail("image", QSize(100, 100))
    assert ready.args[1].isNull() and ready.args[2] == REMOTE_BLOCKED_NOTE
    with qtbot.waitSignal(model.remote_policy_changed):
        model.set_allow_remote(True)
    assert model.resolve_image("image").kind == "remote"


def test_yaml_errors_carry_their_line(qapp):
    model, _ = make_model(small("---\nx: 1\n---\n"))
    value, err = model.parse_yaml("a: 1\nb: [2, 3\n")
    assert value is None and err.line is not None and err.line >= 2
    value, err = model.parse_yaml("a: 1\nb: [2, 3]\n")
    assert err is None and value == {"a": 1, "b": [2, 3]}


def test_add_field_of_type_uses_starting_values(qapp):
    model, _ = make_model(small("---\ntitle: T\n---\n"))
    model.add_field_of_type("draft", "yes/no")
    model.add_field_of_type("tags", "list")
    assert model.value("draft") is False and model.value("tags") == []
    assert isinstance(model.add_field_of_type("x", "no such type"), PostError)
