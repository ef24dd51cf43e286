"""The recent list's short names, and what a start without paths reopens."""

from __future__ import annotations

from editor.core.user.recent import recent_entries, remember_session, startup_paths
from editor.core.user.settings import Settings


def test_entries_show_short_names_with_the_full_path_as_tooltip(tmp_path):
    """A post by its file name, a site by its folder name; the full path is the tooltip."""
    site = tmp_path / "blog"
    site.mkdir()
    post = site / "hello.md"
    post.write_text("x")
    entries = recent_entries([str(post), str(site)])
    assert [(e.label, e.tooltip, e.is_site) for e in entries] == [
        ("hello.md", str(post), False),
        ("blog", str(site), True),
    ]


def test_entries_with_the_same_name_show_their_folder(tmp_path):
    """Two Hugo bundles' index.md are told apart by their folder."""
    paths = [str(tmp_path / "a" / "index.md"), str(tmp_path / "b" / "index.md")]
    assert [e.label for e in recent_entries(paths)] == ["a/index.md", "b/index.md"]


def test_settings_keep_sites_and_posts_in_one_list(tmp_path):
    """A site and a post are both remembered, most recent first."""
    settings = Settings()
    settings.add_recent_file(tmp_path / "post.md")
    settings.add_recent_file(tmp_path)
    assert settings.recent_files == [str(tmp_path), str(tmp_path / "post.md")]


def test_start_reopens_the_last_site_and_post_that_still_exist(tmp_path):
    """The site first, then the post; one that is gone is skipped."""
    site = tmp_path / "site"
    site.mkdir()
    post = site / "p.md"
    post.write_text("x")
    settings = Settings()
    remember_session(settings, site, post)
    assert startup_paths(settings) == [str(site), str(post)]
    post.unlink()
    assert startup_paths(settings) == [str(site)]
    remember_session(settings, None, None)
    assert startup_paths(settings) == []


def test_reopening_can_be_turned_off(tmp_path):
    """With reopen_last off, a start without paths opens nothing."""
    post = tmp_path / "p.md"
    post.write_text("x")
    settings = Settings(reopen_last=False)
    remember_session(settings, None, post)
    assert startup_paths(settings) == []


def test_unknown_choices_in_the_file_fall_back_to_defaults(tmp_path):
    """A text column or font kind the app does not know gives the default."""
    path = tmp_path / "settings.json"
    path.write_text('{"text_column": "huge", "editor_font_kind": "monospace"}')
    settings = Settings.load(path)
    assert settings.text_column == "medium"
    assert settings.editor_font_kind == "monospace"
