"""The preview engine's environment, set before the QApplication (engine_setup)."""

from __future__ import annotations

from editor.ui.preview import engine_setup


def _prepared(monkeypatch, env: dict[str, str]) -> dict[str, str]:
    monkeypatch.setattr(engine_setup.os, "environ", env)
    engine_setup.prepare_webengine()
    return env


def test_software_drawing_is_set_in_the_process_environment(monkeypatch):
    """No GPU process, Qt Quick in software, and no OpenGL in the xcb platform."""
    env = _prepared(monkeypatch, {})
    assert "--disable-gpu" in env["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    assert env["QT_QUICK_BACKEND"] == "software"
    assert env["QT_XCB_GL_INTEGRATION"] == "none"


def test_masthead_preview_gpu_sets_none_of_it(monkeypatch):
    env = _prepared(monkeypatch, {"MASTHEAD_PREVIEW_GPU": "1"})
    assert env == {"MASTHEAD_PREVIEW_GPU": "1"}


def test_with_the_sandbox_off_the_renderer_starts_without_a_zygote(monkeypatch):
    env = _prepared(monkeypatch, {"QTWEBENGINE_DISABLE_SANDBOX": "1"})
    assert "--no-zygote" in env["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    gpu = _prepared(monkeypatch, {"QTWEBENGINE_DISABLE_SANDBOX": "1", "MASTHEAD_PREVIEW_GPU": "1"})
    assert "QTWEBENGINE_CHROMIUM_FLAGS" not in gpu
