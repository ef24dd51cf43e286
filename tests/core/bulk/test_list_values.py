"""Renaming, merging, splitting and deleting values inside list fields: each file changes
only in the touched items, in its own style (YAML flow and block, TOML, JSON)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.bulk import actions as bulk
from editor.core.bulk.list_values import (
    ReplaceListValue,
    delete_value,
    merge_values,
    rename_value,
    replacement_edits,
    split_list_text,
    split_value,
)
from editor.core.errors import PostError
from editor.core.post.formats.list_items import edit_list_items
from editor.core.post.model import Post


def edited(text: str, action: ReplaceListValue) -> str:
    post = Post.from_bytes(text.encode())
    action.apply_to(post)
    return post.to_bytes().decode()


MERGE_JS = merge_values("tags", ["js", "JavaScript"], "javascript")

# (original, action, expected): every expected text is the original with only the
# touched items changed.
CASES = [
    pytest.param(
        "---\ntitle: x\ntags: [js, 'web', python]  # note\n---\nBody\n",
        rename_value("tags", "js", "javascript"),
        "---\ntitle: x\ntags: [javascript, 'web', python]  # note\n---\nBody\n",
        id="yaml-flow-rename",
    ),
    pytest.param(
        "---\ntags: ['js', web]\n---\n",
        rename_value("tags", "js", "javascript"),
        "---\ntags: ['javascript', web]\n---\n",
        id="yaml-flow-rename-keeps-the-items-quotes",
    ),
    pytest.param(
        "---\ntags: [js, web, JavaScript]\n---\n",
        MERGE_JS,
        "---\ntags: [javascript, web]\n---\n",
        id="yaml-flow-merge",
    ),
    pytest.param(
        "---\ntags: [js, javascript]\n---\n",
        MERGE_JS,
        "---\ntags: [javascript]\n---\n",
        id="yaml-flow-merge-removes-the-duplicate",
    ),
    pytest.param(
        "---\ntags: [web,js,  python]\n---\n",
        split_value("tags", "js", ["ecma", "node"]),
        "---\ntags: [web,ecma,  node,  python]\n---\n",
        id="yaml-flow-split-keeps-separators",
    ),
    pytest.param(
        "---\ntags: [web, js]\n---\n",
        delete_value("tags", "js"),
        "---\ntags: [web]\n---\n",
        id="yaml-flow-delete-last",
    ),
    pytest.param(
        "---\ntags: [js]\nb: 1\n---\n",
        delete_value("tags", "js"),
        "---\ntags: []\nb: 1\n---\n",
        id="yaml-flow-delete-only",
    ),
    pytest.param(
        '---\ntitle: x\ntags:\n  - js   # the old name\n  - "web"\n  - python\nb: 1\n---\n',
        rename_value("tags", "js", "javascript"),
        '---\ntitle: x\ntags:\n  - javascript   # the old name\n  - "web"\n  - python\nb: 1\n---\n',
        id="yaml-block-rename",
    ),
    pytest.param(
        "---\ntags:\n- js\n- web\n- JavaScript\n---\n",
        MERGE_JS,
        "---\ntags:\n- javascript\n- web\n---\n",
        id="yaml-block-merge",
    ),
    pytest.param(
        '---\ntags:\n  - "js"\n  - web\n---\n',
        split_value("tags", "js", ["ecma", "node"]),
        '---\ntags:\n  - "ecma"\n  - "node"\n  - web\n---\n',
        id="yaml-block-split-quotes-like-the-item",
    ),
    pytest.param(
        "---\r\ntags:\r\n  - web\r\n  - js\r\nb: 1\r\n---\r\n",
        delete_value("tags", "js"),
        "---\r\ntags:\r\n  - web\r\nb: 1\r\n---\r\n",
        id="yaml-block-delete-crlf",
    ),
    pytest.param(
        "---\ntags:\n  - js\nb: 1\n---\n",
        delete_value("tags", "js"),
        "---\ntags: []\nb: 1\n---\n",
        id="yaml-block-delete-only",
    ),
    pytest.param(
        "---\ntags: js\n---\n",
        rename_value("tags", "js", "javascript"),
        "---\ntags: javascript\n---\n",
        id="yaml-scalar-rename-stays-scalar",
    ),
    pytest.param(
        "---\ntags: 'js'\n---\n",
        delete_value("tags", "js"),
        "---\ntags: []\n---\n",
        id="yaml-scalar-delete",
    ),
    pytest.param(
        "---\nother: [a]\ntags: js\n---\n",
        split_value("tags", "js", ["ecma", "node"]),
        "---\nother: [a]\ntags: [ecma, node]\n---\n",
        id="yaml-scalar-split-becomes-a-list-in-the-file-style",
    ),
    pytest.param(
        "---\ntaxonomies:\n  tags: [js, web]\n---\n",
        rename_value("taxonomies.tags", "js", "javascript"),
        "---\ntaxonomies:\n  tags: [javascript, web]\n---\n",
        id="yaml-nested-field",
    ),
    pytest.param(
        "+++\ntitle = 'x'\ntags = [\"js\", 'web', \"JavaScript\"]  # c\n+++\nBody\n",
        MERGE_JS,
        "+++\ntitle = 'x'\ntags = [\"javascript\", 'web']  # c\n+++\nBody\n",
        id="toml-merge",
    ),
    pytest.param(
        "+++\ntags = ['js', \"web\"]\n+++\n",
        split_value("tags", "js", ["ecma", "node"]),
        "+++\ntags = ['ecma', 'node', \"web\"]\n+++\n",
        id="toml-split-keeps-literal-strings",
    ),
    pytest.param(
        '+++\ntags = [\n  "web",  # keep\n  "js",\n]\n+++\n',
        delete_value("tags", "js"),
        '+++\ntags = [\n  "web",  # keep\n]\n+++\n',
        id="toml-multiline-delete",
    ),
    pytest.param(
        '+++\n[taxonomies]\ntags = ["js"]\n+++\n',
        rename_value("taxonomies.tags", "js", "javascript"),
        '+++\n[taxonomies]\ntags = ["javascript"]\n+++\n',
        id="toml-zola-taxonomies",
    ),
    pytest.param(
        '{\n  "title": "x",\n  "tags": [\n    "js",\n    "web",\n    "JavaScript"\n  ]\n}\nBody\n',
        MERGE_JS,
        '{\n  "title": "x",\n  "tags": [\n    "javascript",\n    "web"\n  ]\n}\nBody\n',
        id="json-multiline-merge",
    ),
    pytest.param(
        '{"tags": ["js","web"]}\n',
        split_value("tags", "js", ["ecma", "node"]),
        '{"tags": ["ecma","node","web"]}\n',
        id="json-compact-split",
    ),
    pytest.param(
        '{"tags": ["js"], "b": 1}\n',
        split_value("tags", "js", ["ecma", "node"]),
        '{"tags": ["ecma", "node"], "b": 1}\n',
        id="json-one-item-split",
    ),
    pytest.param(
        '{"tags": ["web", "js"]}\n',
        delete_value("tags", "js"),
        '{"tags": ["web"]}\n',
        id="json-delete",
    ),
    pytest.param(
        '{\n  "tags": [\n    "js"\n  ],\n  "b": 1\n}\n',
        delete_value("tags", "js"),
        '{\n  "tags": [],\n  "b": 1\n}\n',
        id="json-delete-only",
    ),
    pytest.param(
        '+++\ntags = ["js"]  # c\nb = 1\n+++\n',
        delete_value("tags", "js"),
        "+++\ntags = []  # c\nb = 1\n+++\n",
        id="toml-delete-only",
    ),
]


@pytest.mark.parametrize(("original", "action", "expected"), CASES)
def test_each_action_changes_only_the_touched_items(original, action, expected):
    assert edited(original, action) == expected


def test_a_post_without_the_value_or_the_field_is_untouched():
    for text in ("---\ntags: [web]\n---\n", "---\ntitle: x\n---\n", "---\ntags: {a: js}\n---\n"):
        assert edited(text, MERGE_JS) == text


def test_values_compare_as_text_so_a_number_item_is_found():
    assert edited("---\ntags: [2020, web]\n---\n", rename_value("tags", "2020", "y2020")) == (
        "---\ntags: [y2020, web]\n---\n"
    )


def test_replacement_edits_never_create_duplicates_and_keep_old_ones():
    """Only items holding an old value are edited; a value already held is not added."""
    assert replacement_edits(["js", "javascript"], ["js"], ["javascript"]) == {0: []}
    assert replacement_edits(["js", "JS", "x"], ["js", "JS"], ["javascript"]) == {
        0: ["javascript"],
        1: [],
    }
    # a duplicate the post had before is none of the action's business
    assert replacement_edits(["a", "a", "js"], ["js"], ["b"]) == {2: ["b"]}
    assert replacement_edits(["a", "b"], ["a"], ["a"]) == {}
    assert replacement_edits(["a", "b"], ["a"], ["b", "c"]) == {0: ["c"]}


def test_the_actions_are_described_in_words():
    assert rename_value("tags", "js", "javascript").describe() == (
        "Rename ‘js’ to ‘javascript’ in “tags”"
    )
    assert MERGE_JS.describe() == "Merge ‘js’, ‘JavaScript’ into ‘javascript’ in “tags”"
    assert split_value("tags", "web", ["html", "css"]).describe() == (
        "Split ‘web’ into ‘html’, ‘css’ in “tags”"
    )
    assert delete_value("tags", "misc").describe() == "Delete ‘misc’ from “tags”"


def test_bad_parameters_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="empty"):
        rename_value("tags", "js", "  ")
    with pytest.raises(ValueError, match="already"):
        rename_value("tags", "js", "js")
    with pytest.raises(ValueError):
        split_value("tags", "js", [])
    assert split_list_text(" html, css,, html ,") == ["html", "css"]
    assert split_value("tags", "js", [" a ", "a", "b"]).new_values == ("a", "b")


def test_edit_list_items_declines_what_it_cannot_do_in_place():
    """An alias, a missing field or a block list emptied: None, and the action falls back
    to setting the whole value."""
    aliased = "---\nbase: &b [js, web]\ntags: *b\n---\n"
    text = aliased.split("---\n")[1]
    assert edit_list_items("yaml", text, ("tags",), {0: ["x"]}) is None
    assert edit_list_items("yaml", "tags: [a]\n", ("nope",), {0: ["x"]}) is None
    assert edit_list_items("yaml", "tags:\n  - a\n", ("tags",), {0: []}) is None
    flow = edited("---\ntags: [js, web]\n---\n", delete_value("tags", "js"))
    assert flow == "---\ntags: [web]\n---\n"
    # An alias cannot be written item by item nor whole: the plan reports that file.
    with pytest.raises(PostError):
        edited(aliased, rename_value("tags", "js", "javascript"))


def test_the_plan_goes_through_the_bulk_path_with_a_relative_diff(tmp_path):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    post = site / "posts" / "a.md"
    post.write_bytes(b"---\ntags: [js, web]\n---\nBody\n")
    plan = bulk.plan_action(rename_value("tags", "js", "javascript"), [post], root=site)
    assert [c.name for c in plan.changes] == ["posts/a.md"]
    assert plan.changes[0].diff.splitlines()[:2] == ["--- a/posts/a.md", "+++ b/posts/a.md"]
    result = bulk.apply(plan)
    assert post.read_bytes() == b"---\ntags: [javascript, web]\n---\nBody\n"
    bulk.undo(result)
    assert post.read_bytes() == b"---\ntags: [js, web]\n---\nBody\n"


# ----------------------------------------------------------------------------- property

# Words YAML reads back as the same text unquoted (no "yes", "null", "1e3"...): a name
# that must be quoted is written quoted, and renaming it back keeps the quotes.
WORDS = st.text(alphabet="abcdeflnorstuy019-_ ", min_size=1, max_size=7).filter(
    lambda w: w == w.strip() and not w.startswith("-") and yaml.safe_load(w) == w
)
TEMPLATES = [
    lambda items: "---\ntitle: x\ntags: [" + ", ".join(items) + "]  # c\n---\nBody\n",
    lambda items: "---\ntags:\n" + "".join(f"  - '{i}'\n" for i in items) + "b: 1\n---\n",
    lambda items: "+++\ntags = [" + ", ".join(f'"{i}"' for i in items) + "]\n+++\n",
    lambda items: (
        '{\n  "tags": [\n' + ",\n".join(f'    "{i}"' for i in items) + '\n  ],\n  "b": 1\n}\n'
    ),
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=6, unique=True),
    st.data(),
    st.sampled_from(range(len(TEMPLATES))),
)
def test_a_rename_and_its_reverse_give_back_every_byte(items, data, template):
    """Without a collision (the new name is not in the list), renaming a value and
    renaming it back restores the file exactly, in every format."""
    old = data.draw(st.sampled_from(items))
    new = data.draw(WORDS.filter(lambda w: w not in items))
    original = TEMPLATES[template](items)
    there = edited(original, rename_value("tags", old, new))
    assert Post.from_bytes(there.encode()).metadata["tags"] == [
        new if item == old else item for item in items
    ]
    assert edited(there, rename_value("tags", new, old)) == original


def test_a_plan_made_in_worker_processes_equals_the_serial_one(tmp_path, monkeypatch):
    """The action travels to the planning workers (pickled) and plans the same there."""
    from editor.core.bulk import pool as bulk_pool
    from tests.core.sitegen import generate_site

    site = generate_site(tmp_path / "site", 24, seed=11)
    paths = sorted(site.posts_dir.glob("*.md"))
    action = merge_values("categories", ["news", "world"], "headlines")
    monkeypatch.setattr(bulk, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(bulk_pool, "STEP", 4)
    pooled = bulk.plan_action(action, paths, root=site.root)
    monkeypatch.setattr(bulk, "POOL_MIN_FILES", 10**9)
    serial = bulk.plan_action(action, paths, root=site.root)
    assert serial.changes
    assert [(c.path, c.new_bytes) for c in pooled.changes] == [
        (c.path, c.new_bytes) for c in serial.changes
    ]
    for change in serial.changes:
        tags = Post.from_bytes(change.new_bytes).metadata["categories"]
        assert "news" not in tags and "world" not in tags and tags.count("headlines") == 1


def test_every_list_in_the_corpus_renames_in_place_and_back(corpus_dir):
    """Each list field of the ~600 real posts: renaming its first text item changes only
    that field's value, and renaming it back gives back every byte."""
    from editor.core.post.formats.list_items import edited_list

    renamed = 0
    for path in sorted(corpus_dir.rglob("*")):
        if path.suffix not in (".md", ".markdown", ".mdx", ".html") or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            post = Post.from_bytes(data, path)
        except PostError:
            continue
        for key, value in post.metadata.items():
            items = [i for i in value if isinstance(i, str)] if isinstance(value, list) else []
            if not items or "zz renamed" in value or value.count(items[0]) > 1:
                continue
            there = Post.from_bytes(data, path)
            rename_value(key, items[0], "zz renamed").apply_to(there)
            index = value.index(items[0])
            assert there.metadata[key] == edited_list(value, {index: ["zz renamed"]}), path
            assert {k: v for k, v in there.metadata.items() if k != key} == {
                k: v for k, v in post.metadata.items() if k != key
            }
            back = Post.from_bytes(there.to_bytes(), path)
            rename_value(key, "zz renamed", items[0]).apply_to(back)
            assert back.to_bytes() == data, path
            renamed += 1
    assert renamed > 300
