"""Shared pytest setup: headless Qt, the corpus path, fresh settings per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Must be set before any Qt import: offscreen widgets, and QtWebEngine refuses to
# start as root without this (under pytest the failure is silent).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture
def data_dir() -> Path:
    """tests/data: the small, licensed selection shipped with the repository."""
    return DATA


@pytest.fixture
def corpus_dir() -> Path:
    """../shared/corpus, or a skip with the reason when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (it lives in ../shared beside the checkout)")
    return CORPUS


@pytest.fixture
def isolated_dirs(tmp_path, monkeypatch) -> Path:
    """Point config, cache and data folders at a temp dir so no test touches the user's."""
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        d = tmp_path / var.lower()
        d.mkdir()
        monkeypatch.setenv(var, str(d))
    return tmp_path


@pytest.fixture
def git_identity(tmp_path, monkeypatch) -> Path:
    """A throwaway git identity and global config in tmp_path/home, never the user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test Writer\n\temail = writer@example.org\n"
        "[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n"
    )
    return home
