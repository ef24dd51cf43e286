"""Word lists are read again only when their file changed: the window asks for them each
time a post opens (reading them took part of the 20-30 ms that opening a post blocked
the window, issue 16)."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.spelling import config
from editor.core.spelling.config import add_word, read_words


def counting_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    original = Path.read_text

    def read_text(self, *args, **kwargs):
        reads.append(str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    return reads


def test_an_unchanged_list_is_not_read_again(tmp_path, monkeypatch):
    words = tmp_path / "words.txt"
    words.write_text("# mine\nkubernetes\nMasthead\n", encoding="utf-8")
    reads = counting_reads(monkeypatch)
    assert read_words(words) == ["kubernetes", "Masthead"]
    assert read_words(words) == ["kubernetes", "Masthead"]
    assert reads == [str(words)]
    read_words(words).append("caller's own copy")
    assert read_words(words) == ["kubernetes", "Masthead"]


def test_a_changed_list_is_read_again(tmp_path, monkeypatch):
    words = tmp_path / "words.txt"
    words.write_text("alpha\n", encoding="utf-8")
    assert read_words(words) == ["alpha"]
    add_word(words, "beta")  # written beside and moved over: a new file
    assert read_words(words) == ["alpha", "beta"]
    with open(words, "a", encoding="utf-8") as handle:  # changed in place, longer
        handle.write("gamma\n")
    assert read_words(words) == ["alpha", "beta", "gamma"]
    stat = os.stat(words)
    words.write_text("delta\nbeta\ngamma\n", encoding="utf-8")  # same size, in place
    os.utime(words, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_words(words) == ["delta", "beta", "gamma"]
    words.unlink()
    assert read_words(words) == []


def test_the_memory_is_bounded(tmp_path):
    for n in range(config._READ_WORDS_LIMIT + 5):
        path = tmp_path / f"list{n}.txt"
        path.write_text(f"word{n}\n", encoding="utf-8")
        assert read_words(path) == [f"word{n}"]
    assert len(config._READ_WORDS) <= config._READ_WORDS_LIMIT
