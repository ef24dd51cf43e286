"""Settings: declared once, loaded from a given path, robust to damaged files."""

from __future__ import annotations

import json

from editor.core.user.settings import MAX_RECENT_FILES, Settings, default_settings_path


def test_missing_file_gives_defaults(tmp_path):
    """A first run with no settings file gets every default and remembers the path."""
    settings = Settings.load(tmp_path / "nope.json")
    assert settings == Settings()
    assert settings.path == tmp_path / "nope.json"


def test_round_trip_keeps_values(tmp_path):
    """Saved values come back identical on the next load."""
    path = tmp_path / "sub" / "settings.json"
    settings = Settings.load(path)
    settings.window_geometry = "AdnQywADAAA="
    settings.splitter_sizes = [300, 600, 380]
    settings.preview_visible = False
    settings.theme = "dark"
    settings.add_recent_file(tmp_path / "a.md")
    settings.save()
    again = Settings.load(path)
    assert again == settings
    assert again.recent_files == [str(tmp_path / "a.md")]


def test_malformed_file_falls_back_to_defaults(tmp_path):
    """Broken JSON never stops the app: the defaults are used."""
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_wrong_types_are_ignored_per_key(tmp_path):
    """A value of the wrong type falls back to that key's default; good keys still load."""
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "preview_visible": "yes",
                "splitter_sizes": [1, "x", 3],
                "theme": "pink",
                "soft_wrap": False,
                "editor_font_size": True,
            }
        ),
        encoding="utf-8",
    )
    settings = Settings.load(path)
    assert settings.preview_visible is True
    assert settings.splitter_sizes == [1, 3]
    assert settings.theme == "system"
    assert settings.soft_wrap is False
    assert settings.editor_font_size == 0


def test_unknown_keys_survive_a_save(tmp_path):
    """Keys written by a newer version are kept when this version saves."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"future_option": {"a": 1}, "theme": "light"}), encoding="utf-8")
    settings = Settings.load(path)
    settings.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["future_option"] == {"a": 1}
    assert data["theme"] == "light"


def test_recent_files_are_unique_most_recent_first_and_capped(tmp_path):
    """Reopening a file moves it to the top; the list never grows past the cap."""
    settings = Settings()
    for i in range(MAX_RECENT_FILES + 3):
        settings.add_recent_file(tmp_path / f"{i}.md")
    settings.add_recent_file(tmp_path / "5.md")
    assert settings.recent_files[0] == str(tmp_path / "5.md")
    assert len(settings.recent_files) == MAX_RECENT_FILES
    assert len(set(settings.recent_files)) == MAX_RECENT_FILES
    settings.remove_recent_file(tmp_path / "5.md")
    assert str(tmp_path / "5.md") not in settings.recent_files


def test_default_path_follows_xdg_config_home(isolated_dirs, monkeypatch):
    """The default location is under the user's config folder, never the working dir."""
    path = default_settings_path()
    assert path.parent.parent == isolated_dirs / "xdg_config_home"
    assert path.name == "settings.json"
