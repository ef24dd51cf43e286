"""Distraction-free mode against a plain reference: whatever the writer toggles before,
during and after it (form, preview, full screen), leaving it shows what the reference
says, and while it is on only the body shows."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from editor.core.user.settings import Settings
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window


def make_machine(window):
    """A machine on one window (a window per example would be slow), which each example
    starts from the same state: form and preview shown, not full screen."""

    class DistractionFreeSequences(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.window = window
            window.comfort.set_distraction_free(False)
            window.comfort.set_full_screen(False)
            for action in (window.window_actions.form, window.window_actions.preview):
                if not action.isChecked():
                    action.trigger()
            self.form, self.preview, self.full = True, True, False
            self.saved: tuple[bool, bool, bool] | None = None  # the reference's snapshot

        @rule()
        def toggle_form(self):
            self.window.window_actions.form.trigger()
            self.form = not self.form

        @rule()
        def toggle_preview(self):
            self.window.window_actions.preview.trigger()
            self.preview = not self.preview

        @rule()
        def toggle_full_screen(self):
            self.window.comfort.actions.full_screen.trigger()
            self.full = not self.full

        @rule()
        def toggle_distraction_free(self):
            self.window.comfort.actions.distraction_free.trigger()
            if self.saved is None:
                self.saved = (self.form, self.preview, self.full)
                self.form = self.preview = False
                self.full = True
            else:
                form, preview, full = self.saved
                self.form = self.form or form
                self.preview = self.preview or preview
                self.full = self.full if full else False
                self.saved = None

        @invariant()
        def the_window_shows_what_the_reference_says(self):
            window = self.window
            assert window.window_actions.form.isChecked() == self.form
            assert window.form.isVisibleTo(window) == self.form
            assert window.window_actions.preview.isChecked() == self.preview
            assert window.preview.isVisibleTo(window) == self.preview
            assert window.isFullScreen() == self.full
            in_mode = self.saved is not None
            assert window.comfort.actions.distraction_free.isChecked() == in_mode
            assert window.toolbar.isVisibleTo(window) != in_mode
            assert window.menuBar().isVisibleTo(window) != in_mode

    return DistractionFreeSequences


def test_distraction_free_sequences(qtbot, isolated_dirs):
    """Random toggles around distraction-free mode keep the window equal to the reference."""
    # Settings without a file: nothing is stored between runs.
    machine = make_machine(open_window(qtbot, Settings(), FakePrompter()))
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=int(os.environ.get("MASTHEAD_SEQUENCE_EXAMPLES", "12")),
            stateful_step_count=12,
            deadline=None,
            derandomize=bool(os.environ.get("CI")),
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
