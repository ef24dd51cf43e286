"""The prompter protocols have one home, and every prompter answers all of its questions."""

from __future__ import annotations

import inspect

import pytest

from editor.ui.dialogs.dialog_prompter import DialogPrompter
from editor.ui.dialogs.prompter import FormPrompter, Prompter, WorkspacePrompter
from editor.ui.site.bulk_dialog import WorkspaceDialogPrompter
from tests.ui.fakes import FakePrompter


def questions(protocol) -> dict[str, inspect.Signature]:
    """The methods a protocol asks for, with their signatures (its bases' included)."""
    found = {}
    for cls in reversed(protocol.__mro__):
        if cls is object or not getattr(cls, "_is_protocol", False):
            continue
        for name, member in vars(cls).items():
            if callable(member) and not name.startswith("_"):
                found[name] = inspect.signature(member)
    return found


@pytest.mark.parametrize(
    ("answerer", "protocol"),
    [
        (DialogPrompter, Prompter),
        (WorkspaceDialogPrompter, WorkspacePrompter),
        (FakePrompter, Prompter),
        (FakePrompter, WorkspacePrompter),
    ],
    ids=["dialogs-window", "dialogs-workspace", "fake-window", "fake-workspace"],
)
def test_every_question_is_answered_with_the_same_parameters(answerer, protocol):
    asked = questions(protocol)
    assert asked, "the protocol asks nothing"
    for name, signature in asked.items():
        method = getattr(answerer, name, None)
        assert callable(method), f"{answerer.__name__} does not answer {name}"
        assert list(inspect.signature(method).parameters) == list(signature.parameters), name


def test_the_window_asks_the_forms_questions_too():
    assert set(questions(FormPrompter)) == {"ask_text", "ask_choice"}
    assert set(questions(FormPrompter)) < set(questions(Prompter))
