"""Start-up noise: Chromium is told to keep quiet unless MASTHEAD_DEBUG; qt.log takes the rest."""

from __future__ import annotations

import logging

from editor.core.user.engine_log import (
    LOGGER_NAME,
    QT_LOG_NAME,
    debugging,
    qt_log,
    quiet_environment,
    sandbox_disabled,
    software_drawing_environment,
)


def test_chromium_gets_a_fatal_only_log_level():
    """No flags set: the quiet flag is added."""
    assert quiet_environment({}) == {"QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=3"}


def test_the_users_own_flags_are_kept():
    """Flags already set stay, and the quiet one is added after them."""
    env = {"QTWEBENGINE_CHROMIUM_FLAGS": "--enable-gpu-rasterization"}
    assert quiet_environment(env) == {
        "QTWEBENGINE_CHROMIUM_FLAGS": "--enable-gpu-rasterization --log-level=3"
    }


def test_a_log_level_the_user_chose_wins():
    """A --log-level already there is not overridden (nothing to set)."""
    assert quiet_environment({"QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=0"}) == {}


def test_masthead_debug_changes_nothing():
    """With MASTHEAD_DEBUG every line stays on the terminal; "0" or empty is not debugging."""
    assert quiet_environment({"MASTHEAD_DEBUG": "1"}) == {}
    assert debugging({"MASTHEAD_DEBUG": "yes"})
    assert not debugging({"MASTHEAD_DEBUG": "0"}) and not debugging({"MASTHEAD_DEBUG": ""})
    assert not debugging({})


def test_qt_log_writes_to_the_data_folder_and_not_to_the_terminal(tmp_path, capsys):
    """Records land in qt.log; the logger does not pass them on to the root's handlers."""
    earlier = logging.getLogger(LOGGER_NAME).handlers
    logging.getLogger(LOGGER_NAME).handlers = []  # an app started by an earlier test
    logger = qt_log(tmp_path)
    try:
        assert qt_log(tmp_path) is logger and len(logger.handlers) == 1  # opened once
        logger.warning("Failed to load vulkan")
        for handler in logger.handlers:
            handler.flush()
        assert "WARNING Failed to load vulkan" in (tmp_path / QT_LOG_NAME).read_text()
        assert logger.propagate is False
        assert "vulkan" not in capsys.readouterr().err
    finally:
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)
    assert logging.getLogger(logger.name).handlers == []
    logger.handlers = earlier


def test_a_plain_environment_gets_software_drawing():
    assert software_drawing_environment({}) == {
        "QT_QUICK_BACKEND": "software",
        "QT_XCB_GL_INTEGRATION": "none",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu",
    }


def test_software_drawing_keeps_the_users_flags_and_backend_and_adds_once():
    env = {
        "QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=3  --foo",
        "QT_QUICK_BACKEND": "opengl",
        "QT_XCB_GL_INTEGRATION": "xcb_egl",
    }
    env.update(software_drawing_environment(env))
    assert software_drawing_environment(env) == {}
    assert env == {
        "QTWEBENGINE_CHROMIUM_FLAGS": "--log-level=3 --foo --disable-gpu",
        "QT_QUICK_BACKEND": "opengl",
        "QT_XCB_GL_INTEGRATION": "xcb_egl",
    }


def test_quiet_and_software_flags_together():
    env: dict[str, str] = {}
    env.update(quiet_environment(env))
    env.update(software_drawing_environment(env))
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"] == "--log-level=3 --disable-gpu"


def test_masthead_preview_gpu_keeps_the_default_drawing():
    assert software_drawing_environment({"MASTHEAD_PREVIEW_GPU": "1"}) == {}
    assert software_drawing_environment({"MASTHEAD_PREVIEW_GPU": "0"}) != {}


def test_software_drawing_leaves_opengl_out_of_the_xcb_platform():
    """No GLX in the window's process (Mesa and libLLVM stay unloaded), unless the GPU
    is asked for."""
    assert software_drawing_environment({})["QT_XCB_GL_INTEGRATION"] == "none"
    gpu = software_drawing_environment({"MASTHEAD_PREVIEW_GPU": "1"})
    assert "QT_XCB_GL_INTEGRATION" not in gpu


def test_with_the_sandbox_off_no_zygote_is_started():
    """The zygotes only serve the sandbox: without it the renderer starts directly."""
    env = {"QTWEBENGINE_DISABLE_SANDBOX": "1"}
    flags = software_drawing_environment(env)["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    assert flags == ["--disable-gpu", "--no-zygote"]
    env = {"QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
    assert "--no-zygote" in software_drawing_environment(env)["QTWEBENGINE_CHROMIUM_FLAGS"]


def test_with_the_sandbox_on_the_zygote_stays():
    """Chromium refuses --no-zygote with its sandbox on."""
    assert not sandbox_disabled({}) and not sandbox_disabled({"QTWEBENGINE_DISABLE_SANDBOX": "0"})
    for env in ({}, {"QTWEBENGINE_DISABLE_SANDBOX": "0"}):
        flags = software_drawing_environment(env)["QTWEBENGINE_CHROMIUM_FLAGS"].split()
        assert "--no-zygote" not in flags


def test_masthead_preview_gpu_keeps_the_zygote():
    env = {"QTWEBENGINE_DISABLE_SANDBOX": "1", "MASTHEAD_PREVIEW_GPU": "1"}
    assert software_drawing_environment(env) == {}
