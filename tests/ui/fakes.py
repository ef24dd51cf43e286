"""The one fake prompter of the UI tests: scripted answers, and a record of every question.

It answers every prompter protocol in ``editor.ui.dialogs.prompter`` (the window's, the
form's and the workspace's), so one object can stand in for the real dialogs anywhere.
"""

from __future__ import annotations

from editor.ui.dialogs.prompter import (
    ConflictChoice,
    RecoveryChoice,
    SaveChoice,
    WriteFailureChoice,
)


class FakePrompter:
    """Scripted answers; records every question so tests can check what was asked.

    Positional ``replies`` answer ``ask_text`` and ``ask_choice`` in order (a form asking
    for a key's name, then its type). Keyword answers, by question: ``text``, ``choice``,
    ``save_changes``, ``open_path``, ``save_path``, ``export_path``, ``line_number``, ``conflict``,
    ``write_failure`` (one answer, or a list with one per failure), ``recovery`` (one
    choice, or a dict by entry id), ``confirm``, ``action`` (the bulk action to plan),
    ``accept_plan``, ``interrupted`` and ``cancelled`` ("undo", "finish" or None). An
    unscripted question gets the cautious answer: cancel, no, later.
    """

    def __init__(self, *replies, **answers):
        self.replies = list(replies)
        self.answers = answers
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.diffs: list[str] = []
        self.offers: list = []
        self.requests: list = []  # bulk requests
        self.plans: list = []  # bulk plans shown for confirmation
        self.informed: list[tuple[str, str]] = []
        self.interrupted: list[str] = []
        self.cancelled: list[str] = []  # bulk writes cancelled part-way

    def _answer(self, name, default=None):
        self.asked.append(name)
        return self.answers.get(name, default)

    # ---- the form's questions -----------------------------------------------------------

    def ask_text(self, title, label, default=""):
        if self.replies:
            self.asked.append(label)
            return self.replies.pop(0)
        return self._answer("text")

    def ask_choice(self, title, label, choices, default=""):
        if self.replies:
            self.asked.append(label)
            answer = self.replies.pop(0)
            assert answer is None or answer in choices
            return answer
        return self._answer("choice")

    # ---- the window's questions ---------------------------------------------------------

    def ask_save_changes(self, document_name):
        return self._answer("save_changes", SaveChoice.CANCEL)

    def ask_open_path(self, folder):
        return self._answer("open_path")

    def ask_save_path(self, suggested_path):
        return self._answer("save_path")

    def ask_image_path(self, folder):  # Insert > Image…: answers["image_path"]
        return self._answer("image_path")

    def ask_export_path(self, suggested_path):
        self.suggested_export_path = suggested_path
        return self._answer("export_path")

    def ask_line_number(self, current, maximum):
        return self._answer("line_number")

    def ask_conflict(self, document_name, reason):
        return self._answer("conflict", ConflictChoice.CANCEL)

    def ask_write_failure(self, document_name, reason):
        self.errors.append(reason)
        answers = self.answers.get("write_failure", WriteFailureChoice.CANCEL)
        if isinstance(answers, list):  # one answer per failure, in order
            self.asked.append("write_failure")
            return answers.pop(0) if answers else WriteFailureChoice.CANCEL
        return self._answer("write_failure", WriteFailureChoice.CANCEL)

    def ask_recovery(self, offers):
        self.asked.append("recovery")
        self.offers = list(offers)
        choice = self.answers.get("recovery", RecoveryChoice.LATER)
        if isinstance(choice, dict):
            return choice
        return {offer.entry.entry_id: choice for offer in offers}

    def show_diff(self, title, diff_text):
        self.asked.append("diff")
        self.diffs.append(diff_text)

    def confirm(self, title, question):
        return self._answer("confirm", False)

    def show_error(self, title, message):
        self.errors.append(message)

    def show_about(self, title, text):
        self.asked.append("about")

    # ---- the workspace's questions ------------------------------------------------------

    def ask_bulk_action(self, request):
        self.requests.append(request)
        return self._answer("action")

    def confirm_bulk_plan(self, plan):
        self.plans.append(plan)
        return self._answer("accept_plan", True)

    def inform(self, title, message):
        self.informed.append((title, message))

    def ask_interrupted_bulk(self, message):
        self.interrupted.append(message)
        return self._answer("interrupted")

    def ask_cancelled_bulk(self, message):
        self.cancelled.append(message)
        return self._answer("cancelled")
