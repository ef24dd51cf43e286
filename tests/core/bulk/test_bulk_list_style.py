"""A list made by "Add list value" follows the site's usual list style."""

from __future__ import annotations

from editor.core.bulk import actions as bulk
from editor.core.site.list_style import usual_list_flow


def _site(tmp_path, posts: dict[str, str]):
    for name, front_matter in posts.items():
        (tmp_path / name).write_text(f"---\n{front_matter}---\nbody\n")
    return tmp_path


def _added(tmp_path, name: str, root=None) -> str:
    action = bulk.AddListValue("tags", "new")
    plan = bulk.plan_action(action, [tmp_path / name], root=root)
    assert not plan.errors
    return plan.changes[0].new_bytes.decode()


def test_a_post_without_lists_gets_a_flow_list_where_the_site_writes_them(tmp_path):
    site = _site(
        tmp_path,
        {
            "a.md": "title: A\ntags: [x, y]\n",
            "b.md": "title: B\ncategories: [n]\n",
            "c.md": "title: C\n",
        },
    )
    assert usual_list_flow(sorted(site.glob("*.md"))) is True
    assert _added(site, "c.md", root=site) == "---\ntitle: C\ntags: [new]\n---\nbody\n"


def test_block_lists_where_the_site_writes_block_lists(tmp_path):
    site = _site(tmp_path, {"a.md": "tags:\n  - x\n", "c.md": "title: C\n"})
    assert usual_list_flow([site / "a.md", site / "c.md"]) is False
    assert _added(site, "c.md", root=site) == "---\ntitle: C\ntags:\n  - new\n---\nbody\n"


def test_a_posts_own_lists_come_first(tmp_path):
    site = _site(
        tmp_path,
        {"a.md": "tags: [x]\n", "b.md": "tags: [y]\n", "c.md": "categories:\n- n\n"},
    )
    assert _added(site, "c.md", root=site) == "---\ncategories:\n- n\ntags:\n- new\n---\nbody\n"


def test_a_lone_scalar_becomes_a_list_in_the_site_style(tmp_path):
    site = _site(tmp_path, {"a.md": "tags: [x]\n", "c.md": "title: C\nauthor: me\n"})
    action = bulk.AddListValue("author", "you")
    plan = bulk.plan_action(action, [site / "c.md"], root=site)
    assert plan.changes[0].new_bytes.decode() == "---\ntitle: C\nauthor: [me, you]\n---\nbody\n"


def test_without_lists_anywhere_a_block_list(tmp_path):
    site = _site(tmp_path, {"c.md": "title: C\n"})
    assert usual_list_flow([site / "c.md"]) is None
    assert _added(site, "c.md", root=site) == "---\ntitle: C\ntags:\n  - new\n---\nbody\n"


def test_unreadable_and_toml_posts_are_skipped_in_the_sample(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"\x00\x01")
    (tmp_path / "t.md").write_text('+++\ntags = ["a"]\n+++\n')
    (tmp_path / "a.md").write_text("---\ntags:\n- a\n---\n")
    assert usual_list_flow([tmp_path / "bin.md", tmp_path / "t.md", tmp_path / "a.md"]) is False
