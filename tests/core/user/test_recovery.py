"""Recovery area: entries written atomically, kept per live session, offered after a crash."""

from __future__ import annotations

import hashlib
import sys

from editor.core.platform.atomic import TEMP_SUFFIX
from editor.core.user.recovery import (
    RecoverySession,
    log_unexpected_error,
    offer_for,
    read_entries,
    recovery_root,
)


def write_entry(session, data=b"---\ntitle: x\n---\nbody\n", path=None, sha=None, new=False):
    return session.write(
        session.new_entry_id(),
        data,
        original_path=path,
        disk_sha256=sha,
        never_saved=new,
        display_name=path.name if path else "Untitled",
    )


def test_recovery_root_is_under_the_data_folder(isolated_dirs):
    """The recovery area lives in the user's data folder (XDG_DATA_HOME/masthead/recovery)."""
    assert recovery_root() == isolated_dirs / "xdg_data_home" / "masthead" / "recovery"


def test_written_entry_reads_back_with_its_metadata(tmp_path):
    """An entry keeps the exact bytes, the original path, the disk hash and the new-post flag."""
    session = RecoverySession(tmp_path / "rec")
    post = tmp_path / "post.md"
    entry = write_entry(session, b"\xef\xbb\xbf---\r\na: 1\r\n---\r\nx", post, "abc")
    [back] = session.entries()
    assert back.read_bytes() == b"\xef\xbb\xbf---\r\na: 1\r\n---\r\nx"
    assert back.original_path == post and back.disk_sha256 == "abc" and not back.never_saved
    assert back.entry_id == entry.entry_id
    assert not list(session.folder.glob("*" + TEMP_SUFFIX))


def test_rewriting_an_entry_replaces_it(tmp_path):
    """Writing the same entry id again keeps one entry holding the latest bytes."""
    session = RecoverySession(tmp_path / "rec")
    entry = write_entry(session, b"one")
    session.write(
        entry.entry_id,
        b"two",
        original_path=None,
        disk_sha256=None,
        never_saved=True,
        display_name="Untitled",
    )
    assert [e.read_bytes() for e in session.entries()] == [b"two"]


def test_recovery_never_writes_the_users_file(tmp_path):
    """Recovery copies go to the recovery folder only; the post file keeps its bytes."""
    post = tmp_path / "post.md"
    post.write_bytes(b"original")
    session = RecoverySession(tmp_path / "rec")
    write_entry(session, b"edited", post)
    assert post.read_bytes() == b"original"
    assert [p.parent for p in (tmp_path / "rec").rglob("*.post")] == [session.folder]


def test_removed_entry_is_gone(tmp_path):
    """remove() deletes both files of an entry."""
    session = RecoverySession(tmp_path / "rec")
    entry = write_entry(session)
    session.remove(entry.entry_id)
    assert session.entries() == []
    assert not entry.data_path.exists() and not entry.meta_path.exists()


def test_a_live_sessions_entries_are_not_claimed_by_another(tmp_path):
    """A second running instance does not offer the entries of the first (its lock is held)."""
    first = RecoverySession(tmp_path / "rec")
    write_entry(first)
    second = RecoverySession(tmp_path / "rec")
    assert second.claim_orphans() == []


def test_a_crashed_sessions_entries_are_offered_once(tmp_path):
    """After a crash (lock released, entries left), the next start claims the entries, and a
    third instance starting meanwhile does not get the same ones."""
    crashed = RecoverySession(tmp_path / "rec")
    entry = write_entry(crashed, b"typed")
    crashed.abandon()
    next_start = RecoverySession(tmp_path / "rec")
    [orphan] = next_start.claim_orphans()
    assert orphan.entry_id == entry.entry_id and orphan.read_bytes() == b"typed"
    assert RecoverySession(tmp_path / "rec").claim_orphans() == []


def test_discard_adopt_and_later(tmp_path):
    """Discard deletes an orphan, adopt moves it into this session, and a left one (Later)
    is offered again at the next start."""
    crashed = RecoverySession(tmp_path / "rec")
    discarded, adopted, later = (write_entry(crashed, d) for d in (b"a", b"b", b"c"))
    crashed.abandon()
    session = RecoverySession(tmp_path / "rec")
    orphans = {e.entry_id: e for e in session.claim_orphans()}
    session.discard(orphans[discarded.entry_id])
    moved = session.adopt(orphans[adopted.entry_id])
    assert moved.folder == session.folder and moved.read_bytes() == b"b"
    session.release_orphans()
    session.abandon()
    again = RecoverySession(tmp_path / "rec")
    ids = sorted(e.entry_id for e in again.claim_orphans())
    assert ids == sorted([adopted.entry_id, later.entry_id])


def test_clean_close_removes_an_empty_session_folder(tmp_path):
    """A session without entries leaves nothing behind when it closes."""
    session = RecoverySession(tmp_path / "rec")
    session.close()
    assert not session.folder.exists()


def test_claiming_removes_stray_temp_files_and_empty_dead_sessions(tmp_path):
    """A dead session's half-written temp files are removed, and an empty dead folder goes."""
    crashed = RecoverySession(tmp_path / "rec")
    stray = crashed.folder / (".x.post.123" + TEMP_SUFFIX)
    stray.write_bytes(b"half")
    crashed.abandon()
    session = RecoverySession(tmp_path / "rec")
    assert session.claim_orphans() == []
    assert not stray.exists()
    session.release_orphans()
    assert not crashed.folder.exists()


def test_half_written_entry_is_skipped(tmp_path):
    """A metadata file without its bytes, or unreadable JSON, is not offered."""
    session = RecoverySession(tmp_path / "rec")
    (session.folder / "lonely.json").write_text("{}")
    (session.folder / "bad.json").write_text("{not json")
    (session.folder / "bad.post").write_bytes(b"x")
    assert read_entries(session.folder) == []


def test_offer_diff_against_the_file_on_disk(tmp_path):
    """The offer shows a unified diff from the file on disk to the recovered text."""
    post = tmp_path / "post.md"
    post.write_bytes(b"---\ntitle: x\n---\nold line\n")
    sha = hashlib.sha256(post.read_bytes()).hexdigest()
    session = RecoverySession(tmp_path / "rec")
    entry = write_entry(session, b"---\ntitle: x\n---\nnew line\n", post, sha)
    offer = offer_for(entry)
    assert offer.status == "unsaved edits"
    assert "-old line\n" in offer.diff and "+new line\n" in offer.diff


def test_offer_says_new_post_changed_or_missing(tmp_path):
    """New posts, files changed on disk since, and vanished files are named as such."""
    session = RecoverySession(tmp_path / "rec")
    post = tmp_path / "post.md"
    new = write_entry(session, b"---\n---\nhello\n", tmp_path / "new.md", new=True)
    assert offer_for(new).status == "new post, never saved"
    assert "+hello" in offer_for(new).diff
    post.write_bytes(b"changed elsewhere\n")
    changed = write_entry(session, b"mine\n", post, "0" * 64)
    assert "changed on disk" in offer_for(changed).status
    gone = write_entry(session, b"mine\n", tmp_path / "gone.md", "0" * 64)
    assert offer_for(gone).status == "the file no longer exists"


def test_error_log_appends_tracebacks_and_rotates(tmp_path, monkeypatch):
    """Unexpected errors are appended to errors.log in the data folder, rotated when large."""
    monkeypatch.setattr("editor.core.user.recovery.ERROR_LOG_MAX_BYTES", 200)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log = log_unexpected_error(*sys.exc_info(), folder=tmp_path)
    assert "RuntimeError: boom" in log.read_text()
    try:
        raise KeyError("second")
    except KeyError:
        log_unexpected_error(*sys.exc_info(), folder=tmp_path)
    assert "RuntimeError" in (tmp_path / "errors.log.1").read_text()
    assert "KeyError" in log.read_text()
