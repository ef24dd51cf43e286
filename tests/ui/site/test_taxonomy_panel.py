"""The taxonomy panel: counts of a small site's values, and rename, merge, split and
delete through the prompter, the review and the workspace's bulk path (undoable)."""

from __future__ import annotations

import inspect
import subprocess
from pathlib import Path

import pytest

from editor.core.bulk.list_values import ReplaceListValue
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import TaxonomyPrompter
from editor.ui.site.bulk_dialog import WorkspaceDialogPrompter
from editor.ui.site.taxonomy_panel import TaxonomyPanel, filter_for
from editor.ui.site.workspace_panel import WorkspacePanel
from tests.ui.dialogs.test_prompter import questions
from tests.ui.fakes import FakePrompter

FILES = {
    "a.md": "---\ntitle: A \ntags: [js, web]  # note\ncategories: [news]\n---\nBody\n",
    "b.md": "---\ntitle: B\ntags:\n  - 'JavaScript'\n  - js\n---\nBody\n",
    "c.md": '+++\ntitle = "C"\ntags = ["web", "js"]\n+++\nBody\n',
    "d.md": '{\n  "title": "D",\n  "tags": ["javascript", "web"]\n}\nBody\n',
    "e.md": "---\ntitle: E\ntags: js\n---\nBody\n",
}


def git(root, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def site(tmp_path, git_identity):
    root = tmp_path / "site"
    root.mkdir()
    for name, text in FILES.items():
        (root / name).write_bytes(text.encode())
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "start")
    return root


@pytest.fixture
def workspace(qtbot, site, tmp_path, isolated_dirs):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site)
    yield ws
    ws.close()


def make_panel(qtbot, workspace, prompter) -> TaxonomyPanel:
    panel = TaxonomyPanel(workspace, prompter)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def changed_lines(root) -> list[str]:
    """The lines `git diff` shows as removed or added, across the site."""
    diff = git(root, "diff", "-U0")
    return [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def run_and_wait(qtbot, workspace, start) -> None:
    with qtbot.waitSignal(workspace.bulk_applied, timeout=30000):
        assert start()
    qtbot.waitUntil(lambda: not workspace.is_busy and not workspace.bulk_running, timeout=20000)


def test_the_panel_lists_each_value_with_its_post_count(qtbot, workspace):
    panel = make_panel(qtbot, workspace, FakePrompter())
    assert panel.field == "tags"
    assert sorted(panel.rows(), key=lambda row: (-row[1], row[0])) == [
        ("js", 4, ""),
        ("web", 3, ""),
        ("JavaScript", 1, "~1"),
        ("javascript", 1, "~1"),
    ]
    assert panel.summary_label.text() == "4 values in 5 posts, 1 group of similar values"
    assert [panel.field_box.itemText(i) for i in range(panel.field_box.count())] == [
        "tags",
        "categories",
    ]
    panel.set_field("categories")
    assert panel.rows() == [("news", 1, "")]


def test_rename_through_the_prompter_changes_only_those_items(qtbot, workspace, site):
    prompter = FakePrompter("javascript")
    panel = make_panel(qtbot, workspace, prompter)
    panel.select_values(["js"])
    run_and_wait(qtbot, workspace, panel.rename_selected)
    assert prompter.plans and isinstance(prompter.plans[0].action, ReplaceListValue)
    assert len(prompter.plans[0].changes) == 4
    assert sorted(changed_lines(site)) == sorted(
        [
            "-tags: [js, web]  # note",
            "+tags: [javascript, web]  # note",
            "-  - js",
            "+  - javascript",
            '-tags = ["web", "js"]',
            '+tags = ["web", "javascript"]',
            "-tags: js",
            "+tags: javascript",
        ]
    )
    # the panel counts again from the updated records
    qtbot.waitUntil(lambda: ("javascript", 5, "~1") in panel.rows(), timeout=10000)
    assert "written" in panel.status_label.text()
    # and the edit lands in the workspace's undo
    assert workspace.history.can_undo()
    with qtbot.waitSignal(workspace.history.replayed, timeout=30000):
        assert workspace.history.undo()
    assert changed_lines(site) == []


def test_merge_keeps_one_value_and_writes_no_duplicate(qtbot, workspace, site):
    prompter = FakePrompter("javascript")
    panel = make_panel(qtbot, workspace, prompter)
    panel.select_values(["js"])
    panel.select_similar()  # nothing similar to js: the selection stays
    assert [e.text for e in panel.selected_entries()] == ["js"]
    panel.select_values(["JavaScript"])
    panel.select_similar()
    assert {e.text for e in panel.selected_entries()} == {"JavaScript", "javascript"}
    panel.select_values(["js", "JavaScript", "javascript"])
    run_and_wait(qtbot, workspace, panel.merge_selected)
    # the first item keeps its quotes, the second (now a duplicate) goes
    assert (site / "b.md").read_text() == "---\ntitle: B\ntags:\n  - 'javascript'\n---\nBody\n"
    assert (site / "d.md").read_bytes() == FILES["d.md"].encode()
    assert (site / "a.md").read_text() == FILES["a.md"].replace("[js,", "[javascript,")


def test_split_and_delete(qtbot, workspace, site):
    prompter = FakePrompter("html, css", confirm=True)
    panel = make_panel(qtbot, workspace, prompter)
    panel.select_values(["web"])
    run_and_wait(qtbot, workspace, panel.split_selected)
    assert (site / "c.md").read_text() == FILES["c.md"].replace('"web"', '"html", "css"')
    qtbot.waitUntil(lambda: ("css", 3, "") in panel.rows(), timeout=10000)
    panel.select_values(["css"])
    run_and_wait(qtbot, workspace, panel.delete_selected)
    assert (site / "a.md").read_text() == FILES["a.md"].replace("[js, web]", "[js, html]")
    assert "confirm" in prompter.asked


def test_cancelled_questions_and_a_declined_review_write_nothing(qtbot, workspace, site):
    panel = make_panel(qtbot, workspace, FakePrompter(None))
    panel.select_values(["js"])
    assert not panel.rename_selected()  # the name was not given
    assert not panel.delete_selected()  # the confirmation said no
    declined = FakePrompter("JS", accept_plan=False)
    panel = make_panel(qtbot, workspace, declined)
    panel.select_values(["js"])
    with qtbot.waitSignal(workspace.bulk_planned, timeout=30000):
        assert panel.rename_selected()
    assert declined.plans and changed_lines(site) == []
    empty = FakePrompter("")
    panel = make_panel(qtbot, workspace, empty)
    panel.select_values(["js"])
    assert not panel.rename_selected()
    assert empty.informed and "empty" in empty.informed[0][1]


def test_the_buttons_follow_the_selection(qtbot, workspace):
    panel = make_panel(qtbot, workspace, FakePrompter())
    enabled = {kind: action.isEnabled() for kind, action in panel.actions.items()}
    assert enabled == {"rename": False, "merge": False, "split": False, "delete": False}
    panel.select_values(["js"])
    assert panel.actions["rename"].isEnabled() and not panel.actions["merge"].isEnabled()
    panel.select_values(["js", "web"])
    assert panel.actions["merge"].isEnabled() and not panel.actions["rename"].isEnabled()
    menu = panel.build_context_menu()
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Rename…",
        "Merge…",
        "Split…",
        "Delete…",
        "Select similar values",
    ]


def test_the_workspace_panel_has_the_tab_and_the_prompters_answer_its_questions(qtbot, workspace):
    panel = WorkspacePanel(workspace, FakePrompter())
    qtbot.addWidget(panel)
    panel.show_taxonomy()
    assert panel.tabs.currentWidget() is panel.taxonomy_panel
    asked = questions(TaxonomyPrompter)
    assert set(asked) == {"ask_text", "ask_choice", "confirm", "confirm_bulk_plan", "inform"}
    for answerer in (FakePrompter, WorkspaceDialogPrompter):
        for name, signature in asked.items():
            method = getattr(answerer, name, None)
            assert callable(method), (answerer, name)
            assert list(inspect.signature(method).parameters) == list(signature.parameters)


def test_double_clicking_a_value_lists_its_posts_in_the_table(qtbot, workspace):
    panel = WorkspacePanel(workspace, FakePrompter())
    qtbot.addWidget(panel)
    panel.show()
    panel.show_taxonomy()
    taxonomy_panel = panel.taxonomy_panel
    item = next(
        taxonomy_panel.tree.topLevelItem(i)
        for i in range(taxonomy_panel.tree.topLevelItemCount())
        if taxonomy_panel.tree.topLevelItem(i).text(0) == "web"
    )
    taxonomy_panel.tree.itemActivated.emit(item, 0)
    table = panel.metadata_table
    assert panel.tabs.currentWidget() is table
    assert table.filter_edit.text() == "tags:web"
    assert "tags" in table.model.columns
    assert sorted(Path(p).name for p in table.model.visible_paths()) == ["a.md", "c.md", "d.md"]


def test_the_filter_for_a_value_quotes_spaces():
    assert filter_for("tags", "web") == "tags:web"
    assert filter_for("tags", "open source") == 'tags:"open source"'
