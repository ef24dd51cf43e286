"""View ▸ Allow Remote Images: per site, remembered, and the placeholder's click allows."""

from __future__ import annotations

import re
import shutil

from PySide6.QtCore import QUrl

from editor.core.render.link_policy import LOAD_REMOTE_URL
from editor.core.user.remote_sites import remote_allowed
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window


def two_sites(tmp_path, sample):
    posts = []
    for name in ("one", "two"):
        site = tmp_path / name
        site.mkdir()
        (site / "config.toml").write_text('title = "x"\n')  # a Hugo site root
        target = site / sample.name
        shutil.copyfile(sample, target)
        # No fetch from the network in a test: the cover is a local path here.
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"(?m)^image: .*$", "image: /cover.jpg", text), encoding="utf-8")
        posts.append(target)
    return posts


def test_the_menu_item_allows_remote_images_for_this_site_only(qtbot, sample, settings, tmp_path):
    """Checking it turns them on for the preview and the form, and for this site only."""
    one, two = two_sites(tmp_path, sample)
    window = open_window(qtbot, settings, FakePrompter(), [one])
    action = window.remote_images.action
    assert not action.isChecked() and not window.preview_controller.allow_remote
    action.trigger()
    assert action.isChecked()
    assert window.preview_controller.allow_remote and window.form_model.allow_remote()
    assert remote_allowed(settings, one.parent)
    assert window.open_path(two)
    assert not action.isChecked() and not window.preview_controller.allow_remote
    assert not window.form_model.allow_remote()
    assert window.open_path(one)
    assert action.isChecked() and window.preview_controller.allow_remote


def test_the_choice_survives_a_restart(qtbot, sample, settings, tmp_path):
    """Stored in the settings file by site folder; a new window on that site has it on."""
    one, _two = two_sites(tmp_path, sample)
    window = open_window(qtbot, settings, FakePrompter(), [one])
    window.remote_images.action.trigger()
    window.store_settings()
    window.close()
    again = type(settings).load(settings.path)
    second = open_window(qtbot, again, FakePrompter(), [one])
    assert second.remote_images.action.isChecked()
    assert second.preview_controller.allow_remote


def test_clicking_a_placeholder_allows_remote_images(qtbot, sample, settings, tmp_path):
    """The preview's placeholder link turns the site's remote images on."""
    one, _two = two_sites(tmp_path, sample)
    window = open_window(qtbot, settings, FakePrompter(), [one])
    window.preview.text_browser.anchorClicked.emit(QUrl(LOAD_REMOTE_URL))
    assert window.remote_images.action.isChecked()
    assert window.preview_controller.allow_remote
    assert remote_allowed(settings, one.parent)
