"""Only regular files are posts: FIFOs, sockets, device nodes and folders are refused with
a clear message and never opened, and the size limit holds for the bytes actually read.

Everything here is made in a temporary folder (``os.mkfifo``, ``os.mknod``, a bound unix
socket); the real /dev is only ever the target of a symlink, never written. A test that
regresses into a blocking read fails through a timeout instead of hanging the suite.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.bulk.actions import SetField, plan_action
from editor.core.errors import PostError
from editor.core.platform import regular_files
from editor.core.platform.atomic import atomic_write
from editor.core.platform.regular_files import (
    MAX_POST_BYTES,
    NotRegularFileError,
    read_post_bytes,
    read_regular,
)
from editor.core.post.broken import load_post_or_draft
from editor.core.post.model import Post
from editor.core.site.index import SiteIndex
from editor.core.site.parse_pool import parse_in_processes
from editor.core.site.records import parse_post_file

TIMEOUT_S = 60
POST = b"---\ntitle: A post\n---\nBody\n"


MEMORY_LIMIT = 2 * 1024**3  # a regression that reads /dev/zero fails here, not the machine


def _finishes(fn, *args, never_open=()):
    """fn(*args), run in a fresh child process with its memory capped and os.open
    refusing ``never_open``; fails (instead of hanging or eating the machine's memory)
    when the child blocks, dies, or opens one of those paths."""
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, fn, args, [os.fspath(p) for p in never_open]))
    child.start()
    sender.close()
    try:
        if not receiver.poll(TIMEOUT_S):
            _release_fifos()
            pytest.fail(f"{getattr(fn, '__name__', fn)} blocked for {TIMEOUT_S} s")
        try:
            status, value = receiver.recv()
        except EOFError:
            pytest.fail(f"{getattr(fn, '__name__', fn)} died (exit code {child.exitcode})")
    finally:
        child.kill()
        child.join()
    if status == "error":
        raise value
    return value


def _child(sender, fn, args, never_open) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    if never_open:
        real_open = os.open
        forbidden = {os.path.abspath(p) for p in never_open}

        def guarded(path, flags, *rest, **kwargs):
            if isinstance(path, str | os.PathLike) and os.path.abspath(path) in forbidden:
                raise AssertionError(f"opened {path}")
            return real_open(path, flags, *rest, **kwargs)

        os.open = guarded
    try:
        result = ("ok", fn(*args))
    except BaseException as exc:  # handed to the test in the parent
        result = ("error", exc)
    sender.send(result)


_FIFOS: list[Path] = []


def _release_fifos():
    """Unblock a reader stuck on one of our FIFOs by opening it for writing once."""
    for fifo in _FIFOS:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    _FIFOS.append(path)
    return path


def _char_device(path: Path) -> Path:
    """A character device node like /dev/zero (1, 5), made in the temporary folder."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    return path


def _block_device(path: Path) -> Path:
    os.mknod(path, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    return path


def _socket(path: Path) -> tuple[Path, socket.socket]:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(os.fspath(path))
    return path, sock


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mknod of device nodes needs root")


def _make_odd_files(folder: Path, closers: list) -> dict[str, Path]:
    """One of each kind of file that is not a regular file, named like a post."""
    made = {
        "fifo": _fifo(folder / "fifo.md"),
        "folder": folder / "folder.md",
        "link-to-dev-zero": folder / "zero-link.md",
    }
    made["folder"].mkdir()
    made["link-to-dev-zero"].symlink_to("/dev/zero")
    made["socket"], sock = _socket(folder / "sock.md")
    closers.append(sock.close)
    if os.geteuid() == 0:
        made["char-device"] = _char_device(folder / "zero.md")
        made["block-device"] = _block_device(folder / "loop.md")
    return made


@pytest.fixture
def closers():
    found: list = []
    yield found
    for close in found:
        close()


@pytest.fixture
def odd_files(tmp_path, closers):
    return _make_odd_files(tmp_path, closers)


EXPECTED_KIND = {
    "fifo": "a named pipe (FIFO)",
    "folder": "a folder",
    "link-to-dev-zero": "a character device",
    "socket": "a socket",
    "char-device": "a character device",
    "block-device": "a block device",
}


def test_every_kind_is_refused_with_its_name_and_never_opened(odd_files):
    for name, path in odd_files.items():
        with pytest.raises(NotRegularFileError) as caught:
            _finishes(read_post_bytes, path, never_open=odd_files.values())
        assert caught.value.kind == EXPECTED_KIND[name], name
        assert "not a regular file" in caught.value.message
        assert caught.value.path == os.fspath(path)


def test_post_load_and_draft_refuse_them(odd_files):
    for path in odd_files.values():
        with pytest.raises(PostError, match="not a regular file"):
            _finishes(Post.load, path)
        with pytest.raises(PostError, match="not a regular file"):
            _finishes(load_post_or_draft, path)


def test_index_records_say_what_the_file_is(odd_files):
    for name, path in odd_files.items():
        record = _finishes(parse_post_file, os.fspath(path), path.name)
        assert record.error == regular_files.not_regular_message(EXPECTED_KIND[name])


def test_a_regular_file_still_reads(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    assert read_post_bytes(path) == POST
    link = tmp_path / "link.md"
    link.symlink_to(path)
    assert read_post_bytes(link) == POST
    assert Post.load(link).metadata["title"] == "A post"


def test_the_limit_counts_the_bytes_read_not_the_stat_size(tmp_path, monkeypatch):
    """A file that grows past what stat said is cut off at limit + 1 bytes, and a file of
    exactly the limit is read whole."""
    path = tmp_path / "post.md"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100)[0] == b"x" * 100
    assert read_regular(path, 99)[0] is None
    # stat says 10 bytes; the file holds 100: only limit + 1 of them are ever read.
    real_stat = os.stat
    monkeypatch.setattr(
        os,
        "stat",
        lambda p, *a, **k: os.stat_result((*real_stat(p, *a, **k)[:6], 10, *real_stat(p)[7:])),
    )
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    assert read_regular(path, 50)[0] is None
    assert sum(reads) <= 51


def test_a_link_to_dev_zero_reads_no_byte(tmp_path):
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    with pytest.raises(PostError, match="character device"):
        _finishes(read_post_bytes, link)
    with pytest.raises(PostError, match="character device"):
        _finishes(Post.load, link)


def test_huge_regular_file_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(MAX_POST_BYTES + 1)
    with pytest.raises(PostError, match="20 MB"):
        read_post_bytes(path)


@pytest.fixture
def site(tmp_path, closers):
    """A site folder holding two good posts and the odd files."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "masthead.toml").write_text("")
    (root / "a.md").write_bytes(POST)
    (root / "b.md").write_bytes(POST.replace(b"A post", b"B post"))
    _make_odd_files(root, closers)
    return root


def _scan(root: Path) -> list:
    index = SiteIndex(root)
    index.scan()
    return index.records


def test_index_lists_the_posts_and_refuses_the_rest(site, isolated_dirs):
    records = _finishes(_scan, site)
    by_name = {Path(r.path).name: r for r in records}
    assert by_name["a.md"].error is None and by_name["b.md"].error is None
    assert "named pipe (FIFO)" in by_name["fifo.md"].error
    assert "character device" in by_name["zero-link.md"].error
    assert "socket" in by_name["sock.md"].error


def test_worker_parse_pool_refuses_them_too(site, isolated_dirs):
    work = [(os.fspath(p), p.name, None, None, False) for p in sorted(site.glob("*.md"))]
    result = _finishes(parse_in_processes, work, 2)
    by_name = {Path(r.path).name: r for r in result.records}
    assert by_name["a.md"].error is None
    assert "named pipe (FIFO)" in by_name["fifo.md"].error
    assert "character device" in by_name["zero-link.md"].error


def test_an_html_fifo_is_not_opened_to_look_for_front_matter(tmp_path):
    from editor.core.site.discovery import discover_posts

    root = tmp_path / "site"
    root.mkdir()
    fifo = _fifo(root / "page.html")
    assert _finishes(discover_posts, root, never_open=[fifo]) == []


def test_bulk_plans_skip_them_with_the_reason(site):
    paths = sorted(site.glob("*.md"))
    plan = _finishes(plan_action, SetField("section", "x"), paths)
    reasons = {e.path.name: e.message for e in plan.errors}
    assert "named pipe (FIFO)" in reasons["fifo.md"]
    assert "character device" in reasons["zero-link.md"]
    assert {c.path.name for c in plan.changes} == {"a.md", "b.md"}


def test_saving_over_a_device_or_fifo_is_refused_and_leaves_it(tmp_path):
    fifo = _fifo(tmp_path / "fifo.md")
    with pytest.raises(NotRegularFileError):
        atomic_write(fifo, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if os.geteuid() == 0:
        null = tmp_path / "null"
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with pytest.raises(NotRegularFileError):
            atomic_write(null, b"x")
        assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".masthead-tmp")] == []


def _cli(*args, cwd):
    return subprocess.run(
        # Memory capped by the shell, so a regression reading /dev/zero fails quickly.
        [
            "bash",
            "-c",
            f'ulimit -v {MEMORY_LIMIT // 1024} && exec "$@"',
            "masthead",
            sys.executable,
            "-m",
            "editor",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env={**os.environ, "XDG_CACHE_HOME": os.fspath(Path(cwd) / ".xdg-cache")},
    )


@pytest.mark.parametrize("command", ["check", "fields"])
def test_cli_check_and_fields_finish_on_a_site_with_a_fifo_and_devices(site, command):
    result = _cli(command, os.fspath(site), cwd=site.parent)
    assert result.returncode in (0, 1), result.stderr
    if command == "check":
        assert "fifo.md: error: this is a named pipe (FIFO), not a regular file" in result.stdout
        assert "zero-link.md: error: this is a character device" in result.stdout
    else:
        assert "title" in result.stdout


def test_cli_set_on_a_device_leaves_it_a_device(tmp_path):
    """`masthead set DEVICE x=1` (the /dev/null report) refuses and replaces nothing."""
    if os.geteuid() == 0:
        target = tmp_path / "null"
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        kind = stat.S_ISCHR
    else:
        target = _fifo(tmp_path / "null")
        kind = stat.S_ISFIFO
    result = _cli("set", os.fspath(target), "x=1", cwd=tmp_path)
    assert result.returncode == 1
    assert "not a regular file" in result.stderr
    assert "changed 0 files" in result.stderr
    assert kind(os.lstat(target).st_mode)


@needs_root
def test_block_device_in_a_site_is_refused(site):
    record = parse_post_file(os.fspath(site / "loop.md"), "loop.md")
    assert "block device" in record.error


def test_cli_check_of_a_fifo_named_directly_says_what_it_is(tmp_path):
    fifo = _fifo(tmp_path / "fifo.md")
    result = _cli("check", os.fspath(fifo), cwd=tmp_path)
    assert result.returncode == 1
    assert "fifo.md: error: this is a named pipe (FIFO), not a regular file" in result.stdout


def test_a_file_over_the_limit_by_stat_is_not_read_at_all(tmp_path, monkeypatch):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(101)
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    assert read_regular(path, 100)[0] is None
    assert reads == []
