"""A save respects the file it replaces: a file the user may not write is reported as
read-only and left alone (as root and as an unprivileged user, in a forked child), the
replacement keeps mode, owner and group, and a save splits hard links (the README's
choice)."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import traceback
from pathlib import Path

import pytest

from editor.core.errors import PostError
from editor.core.platform.atomic import TEMP_SUFFIX, atomic_write
from editor.core.platform.file_respect import ReadOnlyFile
from editor.core.post.model import Post

POST = b"---\ntitle: Old\n---\nBody\n"
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (chown, setuid)")


def _no_temp_files(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)] == []


def test_a_0444_file_is_read_only_even_to_root(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    path.chmod(0o444)
    with pytest.raises(ReadOnlyFile) as caught:
        atomic_write(path, b"new")
    assert caught.value.kind == "read-only"
    assert caught.value.message == "could not save: the file is read-only"
    assert path.read_bytes() == POST and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert _no_temp_files(tmp_path)


def test_post_save_reports_read_only_as_a_post_error(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    path.chmod(0o444)
    post = Post.load(path)
    post.set("title", "New")
    with pytest.raises(PostError, match="read-only"):
        post.save()
    assert path.read_bytes() == POST


@pytest.fixture
def open_dir():
    """A folder every user can reach (pytest's own temp folders are root's alone)."""
    folder = tempfile.mkdtemp(prefix="masthead-respect-", dir="/tmp")
    os.chmod(folder, 0o755)
    yield Path(folder)
    shutil.rmtree(folder)


def _as_nobody(fn) -> int:
    """Run fn in a forked child with the uid and gid of nobody; its exit code."""
    nobody = pwd.getpwnam("nobody")
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            code = fn()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@needs_root
def test_a_foreign_file_without_write_permission_is_read_only_to_a_user(open_dir):
    """nobody, in a folder it may write, may not replace root's 0644 file."""
    folder = open_dir / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "post.md"
    path.write_bytes(POST)
    path.chmod(0o644)

    def save() -> int:
        try:
            atomic_write(path, b"new")
        except ReadOnlyFile:
            return 0
        except BaseException:
            return 2
        return 1

    assert _as_nobody(save) == 0
    assert path.read_bytes() == POST and path.stat().st_uid == 0
    assert _no_temp_files(folder)


@needs_root
def test_a_user_may_still_save_a_file_it_may_write(open_dir):
    nobody = pwd.getpwnam("nobody")
    folder = open_dir / "own"
    folder.mkdir()
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    path = folder / "post.md"
    path.write_bytes(POST)
    os.chown(path, nobody.pw_uid, nobody.pw_gid)
    path.chmod(0o640)

    def save() -> int:
        atomic_write(path, b"new")
        return 0

    assert _as_nobody(save) == 0
    info = path.stat()
    assert path.read_bytes() == b"new"
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (
        nobody.pw_uid,
        nobody.pw_gid,
        0o640,
    )


@needs_root
def test_a_root_save_keeps_the_owner_group_and_mode(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    os.chown(path, 1234, 4321)
    path.chmod(0o640)
    post = Post.load(path)
    post.set("title", "New")
    post.save()
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 4321, 0o640)
    assert b"title: New" in path.read_bytes()


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


@needs_root
def test_an_immutable_file_is_read_only(tmp_path):
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system does not support chattr +i")
    try:
        with pytest.raises(ReadOnlyFile):
            atomic_write(path, b"new")
        assert path.read_bytes() == POST
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_save_splits_hard_links(tmp_path):
    """The README's choice: the saved name gets a new file; other links keep the old text."""
    path = tmp_path / "post.md"
    other = tmp_path / "other-name.md"
    path.write_bytes(POST)
    os.link(path, other)
    assert path.stat().st_nlink == 2
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert other.read_bytes() == POST
    assert path.stat().st_nlink == 1 and other.stat().st_nlink == 1
