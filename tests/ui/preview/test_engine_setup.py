"""QtWebEngine's set-up before the QApplication: software drawing unless the user asks for
the GPU, and the user's own flags kept."""

from __future__ import annotations

from editor.ui.preview.engine_setup import software_preview_environment


def test_a_plain_environment_gets_software_drawing():
    env: dict[str, str] = {}
    software_preview_environment(env)
    assert env == {"QT_QUICK_BACKEND": "software", "QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}


def test_the_users_flags_and_backend_are_kept_and_added_to_once():
    env = {"QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=3  --foo", "QT_QUICK_BACKEND": "opengl"}
    software_preview_environment(env)
    software_preview_environment(env)
    assert env == {
        "QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=3 --foo --disable-gpu",
        "QT_QUICK_BACKEND": "opengl",
    }


def test_masthead_preview_gpu_keeps_the_default_drawing():
    env = {"MASTHEAD_PREVIEW_GPU": "1", "QTWEBENGINE_CHROMIUM_FLAGS": "--foo"}
    software_preview_environment(env)
    assert env == {"MASTHEAD_PREVIEW_GPU": "1", "QTWEBENGINE_CHROMIUM_FLAGS": "--foo"}
    env = {"MASTHEAD_PREVIEW_GPU": "0"}
    software_preview_environment(env)
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"] == "--disable-gpu"
