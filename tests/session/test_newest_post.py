"""NewestPostOpener: the site's newest post opens in an idle document, after the request's
turn; a superseded request, a post opened meanwhile or typing meanwhile opens nothing."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from editor.core.platform.atomic import TEMP_SUFFIX
from editor.core.post.model import Post
from editor.session.document import Document
from editor.session.newest_post import NewestPostOpener, newest_post


@dataclass(frozen=True)
class Record:
    path: str
    rel: str
    date_key: str
    error: str | None = None


class GatedRecord:
    """A record whose reading waits for a gate: holds a request's work on its thread."""

    def __init__(self, record: Record, gate: threading.Event) -> None:
        self._record, self._gate = record, gate
        self.path, self.rel, self.date_key = record.path, record.rel, record.date_key

    @property
    def error(self):
        assert self._gate.wait(10)
        return None


def _posts(tmp_path, *names):
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_text(f"---\ntitle: {name}\n---\nBody of {name}.\n")
        paths.append(path)
    return paths


def _records(paths, dates):
    return [Record(str(p), p.name, d) for p, d in zip(paths, dates, strict=True)]


def _opener(qtbot):
    document = Document(Post.new())
    opened: list[str] = []

    def open_post(path: str) -> None:
        opened.append(path)
        document.load(path)

    opener = NewestPostOpener(document, open_post)
    return document, opener, opened


def test_newest_post_picks_the_latest_readable_date_then_the_last_path():
    records = [
        Record("/s/a.md", "a.md", "2024-01-01"),
        Record("/s/b.md", "b.md", "2025-01-01", error="bad front matter"),
        Record("/s/c.md", "c.md", "2024-06-01"),
        Record("/s/d.md", "d.md", "2024-06-01"),
        Record("/s/e.md", "e.md", ""),
    ]
    assert newest_post(records) == "/s/d.md"
    assert newest_post([records[1]]) is None
    assert newest_post([]) is None


def test_the_newest_post_opens_after_the_request_returns(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    paths = _posts(tmp_path, "old.md", "new.md", "mid.md")
    assert opener.request(_records(paths, ["2020-01-01", "2024-01-01", "2022-01-01"]))
    assert opened == []  # not inside the request (the workspace's ready signal)
    qtbot.waitUntil(lambda: opened == [str(paths[1])], timeout=5000)
    assert document.path == paths[1] and not document.dirty


def test_a_document_already_showing_a_post_is_left_alone(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    mine, newest = _posts(tmp_path, "mine.md", "newest.md")
    document.load(mine)
    assert not opener.request(_records([mine, newest], ["2020-01-01", "2024-01-01"]))
    qtbot.wait(50)
    assert opened == [] and document.path == mine


def test_a_late_answer_to_a_superseded_request_opens_nothing(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    first, second = _posts(tmp_path, "first.md", "second.md")
    gate = threading.Event()
    assert opener.request([GatedRecord(Record(str(first), "first.md", "2024-01-01"), gate)])
    assert opener.request(_records([second], ["2023-01-01"]))  # waits behind the first
    gate.set()
    qtbot.waitUntil(lambda: not opener.pending, timeout=5000)
    assert opened == [str(second)]


def test_a_post_the_user_opens_meanwhile_is_not_replaced(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    chosen, newest = _posts(tmp_path, "chosen.md", "newest.md")
    gate = threading.Event()
    assert opener.request([GatedRecord(Record(str(newest), "newest.md", "2024-01-01"), gate)])
    document.load(chosen)  # the user's click in the list, before the answer
    gate.set()
    qtbot.waitUntil(lambda: not opener.pending, timeout=5000)
    assert opened == [] and document.path == chosen


def test_typing_meanwhile_keeps_the_untitled_post(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    (newest,) = _posts(tmp_path, "newest.md")
    gate = threading.Event()
    assert opener.request([GatedRecord(Record(str(newest), "newest.md", "2024-01-01"), gate)])
    document.body_document.setPlainText("Typed before the site was ready.")
    qtbot.waitUntil(lambda: document.dirty, timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not opener.pending, timeout=5000)
    assert opened == [] and document.path is None


def test_cancel_drops_the_answer(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    (newest,) = _posts(tmp_path, "newest.md")
    gate = threading.Event()
    assert opener.request([GatedRecord(Record(str(newest), "newest.md", "2024-01-01"), gate)])
    opener.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not opener.pending, timeout=5000)
    assert opened == [] and document.path is None


def test_the_newest_posts_folder_is_swept_when_it_opens(qtbot, tmp_path):
    document, opener, opened = _opener(qtbot)
    (newest,) = _posts(tmp_path, "newest.md")
    stale = tmp_path / f".newest.md.abc{TEMP_SUFFIX}"
    stale.write_bytes(b"half a save")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert opener.request(_records([newest], ["2024-01-01"]))
    qtbot.waitUntil(lambda: opened == [str(newest)], timeout=5000)
    assert not stale.exists()
    assert newest.read_text().startswith("---\ntitle: newest.md")
