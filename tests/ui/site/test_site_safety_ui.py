"""The window with files a hostile site can hold: a FIFO, device links, symlinks out of
the site. Nothing hangs, nothing outside the site is written or shown, and a link opened
by its own path shows where it really leads."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QColor, QImage

from editor.core.bulk import actions as bulk
from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.session.frontmatter_model import FrontMatterModel
from editor.session.workspace import Workspace
from editor.ui.site.bulk_dialog import LINK_MARK, BulkDialog
from tests.core.sitegen import VICTIM, site_with_links
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

POST = b"---\ntitle: Inside\ncover: /img/a.png\n---\nBody\n"


@pytest.fixture
def site(tmp_path):
    return site_with_links(tmp_path, POST)


def _png(path: Path, color: str = "teal") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = QImage(40, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor(color))
    assert picture.save(str(path))
    return path


def _release_later(fifo: Path, after_s: float = 30.0) -> threading.Timer:
    """Should a regression block on the FIFO, open it for writing once after a while so
    the test fails instead of hanging. (Devices are tested in a memory-capped child in
    tests/core/test_regular_files.py: reading /dev/zero here would eat the machine.)"""

    def release() -> None:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass

    timer = threading.Timer(after_s, release)
    timer.daemon = True
    timer.start()
    return timer


def test_window_indexes_a_site_with_a_fifo(qtbot, site, tmp_path, isolated_dirs):
    """The index finishes (no "Indexing 0 of 2…" for ever): the posts are listed and the
    FIFO is listed with the reason it is not read."""
    fifo = site / "posts" / "fifo.md"
    os.mkfifo(fifo)
    timer = _release_later(fifo)
    workspace = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(workspace.ready, timeout=60_000):
        workspace.open(site)
    timer.cancel()
    errors = {Path(r.path).name: r.error for r in workspace.records}
    assert errors["inside.md"] is None
    assert "named pipe (FIFO)" in errors["fifo.md"]
    workspace.close()


def test_opening_a_fifo_in_the_window_is_refused(qtbot, site, settings):
    fifo = site / "posts" / "fifo.md"
    os.mkfifo(fifo)
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [site / "posts" / "inside.md"])
    timer = _release_later(fifo)
    assert not window.open_path(fifo)
    timer.cancel()
    assert "named pipe (FIFO)" in prompter.errors[0]
    assert window.document.path == site / "posts" / "inside.md"


def test_a_link_opened_by_its_own_path_shows_its_real_path(qtbot, site, settings):
    prompter = FakePrompter()
    link = site / "posts" / "out-link.md"
    window = open_window(qtbot, settings, prompter, [site / "posts" / "inside.md"])
    assert "→" not in window.windowTitle()
    assert window.open_path(link)
    real = os.path.realpath(link)
    assert f"→ {real}" in window.windowTitle()
    assert real in window.status.currentMessage()


def test_review_dialog_marks_every_link(qtbot, site):
    posts = sorted((site / "posts").iterdir())
    plan = bulk.plan_action(bulk.SetField("section", "x"), posts, root=site)
    dialog = BulkDialog(plan)
    qtbot.addWidget(dialog)
    texts = [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]
    marked = [t for t in texts if LINK_MARK in t]
    assert len(marked) == 2  # in-link.md (to be written) and out-link.md (skipped)
    assert any("in-link.md" in t for t in marked) and any("out-link.md" in t for t in marked)
    assert not any("inside.md" in t for t in marked)
    assert any("outside the site" in t for t in marked)


def test_table_edit_refuses_a_link_out_of_the_site(qtbot, site, tmp_path, isolated_dirs):
    workspace = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(workspace.ready, timeout=60_000):
        workspace.open(site)
    with pytest.raises(PostError, match="outside the site"):
        workspace.set_field(site / "posts" / "out-link.md", "section", "x")
    assert (site.parent / "outside" / "victim.md").read_bytes() == VICTIM
    assert workspace.set_field(site / "posts" / "inside.md", "section", "x")
    workspace.close()


@pytest.mark.parametrize(
    "ref", ["../../outside/secret.png", "/img/passwd.png", "/img/out.png", "/img/fifo.png"]
)
def test_thumbnail_never_shows_a_file_outside_the_site(qtbot, site, ref):
    secret = _png(site.parent / "outside" / "secret.png", "red")
    _png(site / "static" / "img" / "a.png")
    (site / "static" / "img" / "passwd.png").symlink_to("/etc/passwd")
    (site / "static" / "img" / "out.png").symlink_to(secret)
    os.mkfifo(site / "static" / "img" / "fifo.png")
    path = site / "posts" / "inside.md"
    post = Post.from_bytes(POST.replace(b"/img/a.png", ref.encode()), path)
    model = FrontMatterModel(lambda: post, site_root=site)
    with qtbot.waitSignal(model.thumbnail_ready, timeout=10_000) as ready:
        model.request_thumbnail("cover", QSize(100, 100))
    _key, image, note = ready.args
    assert image.isNull()
    assert note.startswith(("outside the site folder", "not found"))


def test_thumbnail_inside_the_site_still_shows(qtbot, site):
    _png(site / "static" / "img" / "a.png")
    post = Post.from_bytes(POST, site / "posts" / "inside.md")
    model = FrontMatterModel(lambda: post, site_root=site)
    with qtbot.waitSignal(model.thumbnail_ready, timeout=10_000) as ready:
        model.request_thumbnail("cover", QSize(100, 100))
    assert not ready.args[1].isNull()


def test_preview_guard_blocks_a_link_out_of_the_site(qtbot, site):
    from editor.session.preview import PreviewController
    from editor.ui.preview.preview_view import PreviewView, webengine_available

    if not webengine_available():
        pytest.skip("QtWebEngine missing")

    secret = _png(site.parent / "outside" / "secret.png", "red")
    (site / "static").mkdir()
    (site / "static" / "out.png").symlink_to(secret)
    inside = _png(site / "static" / "a.png")
    controller = PreviewController(delay_ms=10, base_url=QUrl.fromLocalFile(f"{site}/").toString())
    view = PreviewView(controller, link_opener=lambda url: None, use_webengine=True)
    qtbot.addWidget(view)
    os.mkfifo(site / "static" / "fifo.png")
    assert view.request_allowed(QUrl.fromLocalFile(str(inside)))
    assert not view.request_allowed(QUrl.fromLocalFile(str(site / "static" / "out.png")))
    assert not view.request_allowed(QUrl.fromLocalFile(str(site / "static" / "fifo.png")))


def test_saving_a_read_only_post_offers_retry_and_save_as(qtbot, site, settings, tmp_path):
    """A 0444 post (read-only even to root) is not replaced through the folder's
    permission: the window reports it as read-only, Retry fails the same way, Save As
    writes elsewhere."""
    from editor.ui.dialogs.prompter import WriteFailureChoice

    path = site / "posts" / "inside.md"
    path.chmod(0o444)
    elsewhere = tmp_path / "elsewhere.md"
    prompter = FakePrompter(
        write_failure=[WriteFailureChoice.RETRY, WriteFailureChoice.SAVE_AS],
        save_path=str(elsewhere),
    )
    window = open_window(qtbot, settings, prompter, [path])
    window.body_editor.textCursor().insertText("mine ")
    assert window.document.dirty
    assert window.save()
    assert prompter.errors == ["the file is read-only", "the file is read-only"]
    assert path.read_bytes() == POST and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert b"mine Body" in elsewhere.read_bytes()


class InterruptedPrompter:
    """A WorkspacePrompter that answers the interrupted-edit question and records it."""

    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []
        self.informed: list[str] = []

    def ask_interrupted_bulk(self, message):
        self.asked.append(message)
        return self.answer

    def inform(self, title, message):
        self.informed.append(message)

    def confirm(self, title, question):
        return False


def _killed_edit(site: Path, cache: Path) -> dict[Path, bytes]:
    """A journaled bulk edit over the site, killed (SIGKILL) after its first 2 of 4 files."""
    import subprocess
    import textwrap

    for n in range(4):
        (site / "posts" / f"p{n}.md").write_bytes(f"---\ntitle: P{n}\n---\n".encode())
    before = {p: p.read_bytes() for p in sorted(site.rglob("p?.md"))}
    script = """
        import os, signal, sys
        from pathlib import Path
        import editor.core.bulk.actions as bulk
        from editor.core.bulk import journal as bulk_journal
        from editor.core.bulk import writes
        root, cache = Path(sys.argv[1]), sys.argv[2]
        writes.WRITE_CHUNK = 2
        real = writes.atomic_write_many
        def die_after_first_chunk(items):
            real(items)
            os.kill(os.getpid(), signal.SIGKILL)
        writes.atomic_write_many = die_after_first_chunk
        paths = sorted(root.rglob("p?.md"))
        plan = bulk.plan_action(bulk.SetField("section", "x"), paths, root=root)
        bulk.apply(plan, journal_dir=bulk_journal.journal_dir(root, cache))
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(site), str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    return before


@pytest.mark.parametrize("answer", ["undo", "finish", None])
def test_opening_a_site_offers_to_undo_or_finish_an_interrupted_edit(
    qtbot, site, tmp_path, isolated_dirs, answer
):
    from editor.ui.site.workspace_panel import WorkspacePanel

    cache = tmp_path / "cache"
    before = _killed_edit(site, cache)
    stray = site / "posts" / ".p0.md.abc123.masthead-tmp"
    stray.write_bytes(b"half")
    os.utime(stray, (0, 0))
    workspace = Workspace(cache_dir=cache, watch=False)
    prompter = InterruptedPrompter(answer)
    panel = WorkspacePanel(workspace, prompter)
    qtbot.addWidget(panel)
    if answer is None:
        with qtbot.waitSignal(workspace.bulk_interrupted, timeout=60_000):
            workspace.open(site)
        qtbot.waitUntil(lambda: not workspace.records == [], timeout=60_000)
        assert "offered again" in panel.status_label.text()
    else:
        with qtbot.waitSignal(workspace.interrupted_resolved, timeout=60_000):
            workspace.open(site)
    assert prompter.asked == [
        "A bulk edit was interrupted after 2 of 4 files (Set “section” to “x”)."
    ]
    qtbot.waitUntil(lambda: not stray.exists(), timeout=10_000)  # cleaned on open
    after = {p: p.read_bytes() for p in before}
    if answer == "undo":
        assert after == before
    elif answer == "finish":
        assert all(b"section: x" in data for data in after.values())
    else:
        assert sum(b"section: x" in data for data in after.values()) == 2
    from editor.core.bulk import journal as bulk_journal

    assert (bulk_journal.find_interrupted(site, cache) is None) == (answer is not None)
    workspace.close()
