"""The per-post states the post table shows and filters on beside its fields.

``PostStates`` answers, for the workspace's records:

* each post's publish state (``editor.core.site.publish``) under the site's generator
  rules, computed when first asked for and kept until the records change;
* the ``is:`` marks a filter takes (``query.parse_query``): the git states, the publish
  states and ``error``: exactly the posts the Problems panel counts as errors.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.site.publish import PUBLISHED, STATES, PublishRules, publish_state, rules_for
from editor.core.site.query import marks_from_states
from editor.core.site.records import PostRecord

if TYPE_CHECKING:
    from editor.session.workspace import Workspace


class PostStates:
    """Publish states and filter marks over one workspace (see the module docstring)."""

    def __init__(self, workspace: Workspace, now: datetime | None = None):
        self._workspace = workspace
        self._now = now  # fixed in tests; None: the time of each refresh
        self._root: Path | None = None
        self._rules: PublishRules | None = PublishRules()  # None: read when first needed
        self._states: dict[str, str] = {}
        self._at = now or datetime.now()

    def reset(self) -> None:
        """The records changed: states are worked out again when next asked for. A new
        site's rules are read when a state is first asked for, not here (reading the
        generator's settings held up the turn that shows a first open's rows)."""
        root = self._workspace.root
        if root != self._root:
            self._root = root
            self._rules = None
        self._states = {}
        self._at = self._now or datetime.now()

    def _current_rules(self) -> PublishRules:
        if self._rules is None:
            self._rules = rules_for(self._root) if self._root is not None else PublishRules()
        return self._rules

    def forget(self, path: str) -> None:
        self._states.pop(path, None)

    def state(self, record: PostRecord) -> str:
        """The post's publish state ("" for a file that did not parse)."""
        if record.error is not None:
            return ""
        path = os.fspath(record.path)
        state = self._states.get(path)
        if state is None:
            state = self._states[path] = publish_state(record, self._current_rules(), self._at)
        return state

    def error_paths(self) -> frozenset[str]:
        return frozenset(os.fspath(p.path) for p in self._workspace.problems if p.level == "error")

    def marks(self, text: str, records: list[PostRecord]) -> dict[str, frozenset[str]]:
        """The ``is:`` marks for a filter text (the publish states only when it asks)."""
        marks = marks_from_states(self._workspace.git_states)
        marks["error"] = self.error_paths()
        if "is:" in text.lower():
            by_state: dict[str, set[str]] = {s: set() for s in STATES if s != PUBLISHED}
            for record in records:
                state = self.state(record)
                if state in by_state:
                    by_state[state].add(os.fspath(record.path))
            marks.update({state: frozenset(paths) for state, paths in by_state.items()})
        return marks
