"""Remote images: a choice per site, the default for the rest, kept across a restart."""

from __future__ import annotations

from editor.core.user.remote_sites import remote_allowed, set_remote_allowed
from editor.core.user.settings import Settings


def test_a_site_follows_the_default_until_chosen(tmp_path):
    """No choice: the default (off); a choice for one site leaves the others alone."""
    settings = Settings()
    one, two = tmp_path / "one", tmp_path / "two"
    assert not remote_allowed(settings, one)
    set_remote_allowed(settings, one, True)
    assert remote_allowed(settings, one)
    assert not remote_allowed(settings, two)


def test_a_sites_choice_beats_the_default(tmp_path):
    """With the default on, a site can still say no."""
    settings = Settings(allow_remote_content=True)
    set_remote_allowed(settings, tmp_path, False)
    assert not remote_allowed(settings, tmp_path)
    assert remote_allowed(settings, tmp_path / "elsewhere")


def test_no_site_sets_the_default():
    """An untitled post has no site: the choice is the default."""
    settings = Settings()
    set_remote_allowed(settings, None, True)
    assert settings.allow_remote_content and remote_allowed(settings, None)


def test_choices_survive_saving_and_loading(tmp_path):
    """Per-site choices are written to the settings file and read back."""
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    set_remote_allowed(settings, tmp_path / "site", True)
    settings.save()
    again = Settings.load(path)
    assert remote_allowed(again, tmp_path / "site")
    assert not remote_allowed(again, tmp_path / "other")
