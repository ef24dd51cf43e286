"""Creating a file that never replaces another (images and attachments copied into a site)."""

from __future__ import annotations

import errno
import os

import pytest

from editor.core.errors import WriteError
from editor.core.platform import new_files
from editor.core.platform.atomic import TEMP_SUFFIX
from editor.core.platform.new_files import create_new


def test_bytes_or_a_copy_land_under_the_new_name(tmp_path):
    create_new(tmp_path / "a.png", data=b"bytes")
    source = tmp_path / "source.bin"
    source.write_bytes(b"x" * 3_000_000)
    create_new(tmp_path / "b.bin", source=source)
    assert (tmp_path / "a.png").read_bytes() == b"bytes"
    assert (tmp_path / "b.bin").read_bytes() == source.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_the_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        create_new(tmp_path / "a.png", data=b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.png").stat().st_mode & 0o777 == 0o644


def test_an_existing_file_is_never_replaced(tmp_path):
    (tmp_path / "a.png").write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        create_new(tmp_path / "a.png", data=b"ours")
    assert (tmp_path / "a.png").read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_a_name_taken_during_the_write_is_not_replaced(tmp_path, monkeypatch):
    real_link = os.link

    def late_link(src, dst):
        (tmp_path / "a.png").write_bytes(b"theirs")  # another program was faster
        return real_link(src, dst)

    monkeypatch.setattr(new_files.os, "link", late_link)
    with pytest.raises(FileExistsError):
        create_new(tmp_path / "a.png", data=b"ours")
    assert (tmp_path / "a.png").read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_without_hard_links_the_name_is_reserved_first(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(new_files.os, "link", no_links)
    create_new(tmp_path / "a.png", data=b"ours")
    assert (tmp_path / "a.png").read_bytes() == b"ours"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]
    with pytest.raises(FileExistsError):
        create_new(tmp_path / "a.png", data=b"again")
    assert (tmp_path / "a.png").read_bytes() == b"ours"


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    with pytest.raises(WriteError):
        create_new(tmp_path / "a.png", source=tmp_path / "missing.png")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(WriteError):
        create_new(tmp_path / "no-folder" / "a.png", data=b"x")


def test_data_or_source_but_not_both():
    with pytest.raises(ValueError):
        create_new("x", data=b"x", source="y")
