"""A site's taxonomies: list fields, each value's post count, near-duplicates grouped."""

from __future__ import annotations

import pytest

from editor.core.site.index import SiteIndex
from editor.core.site.similar_values import fold, one_edit_apart, similar_groups
from editor.core.site.taxonomy import (
    close_field_names,
    list_fields,
    posts_holding,
    taxonomy,
)

POSTS = {
    "a.md": "---\ntitle: A\ntags: [javascript, python, python]\ncategories: [news]\n---\n",
    "b.md": "---\ntitle: B\ntags:\n  - JavaScript\n  - python\n---\n",
    "c.md": "---\ntitle: C\ntags: js\n---\n",
    "d.md": '+++\ntitle = "D"\ntags = ["java-script", "rust"]\n[taxonomies]\nauthors = ["ann"]\n+++\n',
    "e.md": '{"title": "E", "tags": ["python", 2020]}\n',
    "f.md": "---\ntitle: [broken\n---\n",
    "g.md": "---\ntitle: G\nimages: [{src: a.png}]\n---\n",
}


@pytest.fixture
def records(tmp_path):
    for name, text in POSTS.items():
        (tmp_path / name).write_text(text)
    index = SiteIndex(tmp_path, use_cache=False)
    index.scan()
    return index.records


def test_list_fields_are_those_holding_lists_of_values_most_posts_first(records):
    assert list_fields(records) == ["tags", "categories", "taxonomies.authors"]


def test_every_value_counts_the_posts_that_carry_it(records):
    tax = taxonomy(records, "tags")
    counts = [(entry.value, entry.count) for entry in tax.values]
    # most used first, then by name ignoring case; a post's repeated item counts once;
    # a single value (tags: js) counts; a number is a value
    assert counts == [
        ("python", 3),
        (2020, 1),
        ("java-script", 1),
        ("JavaScript", 1),
        ("javascript", 1),
        ("js", 1),
        ("rust", 1),
    ]
    assert tax.posts == 5
    assert [p.rsplit("/", 1)[-1] for p in tax.find("python").paths] == ["a.md", "b.md", "e.md"]


def test_near_duplicates_share_a_group_number(records):
    tax = taxonomy(records, "tags")
    groups = [[entry.value for entry in group] for group in tax.groups]
    assert groups == [["java-script", "JavaScript", "javascript"]]
    assert {entry.value: entry.group for entry in tax.values}["java-script"] == 1
    assert tax.find("python").group is None


def test_nested_fields_and_the_files_a_rename_plans(records):
    assert [(e.value, e.count) for e in taxonomy(records, "taxonomies.authors").values] == [
        ("ann", 1)
    ]
    tax = taxonomy(records, "tags")
    names = [p.rsplit("/", 1)[-1] for p in posts_holding(tax, ["js", "JavaScript", "2020"])]
    assert names == ["b.md", "c.md", "e.md"]


def test_an_unknown_field_has_no_posts_and_a_close_name_is_suggested(records):
    assert taxonomy(records, "tag").posts == 0
    assert close_field_names("tag", list_fields(records)) == ["tags"]


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("JavaScript", "javascript", True),
        ("java-script", "Java Script", True),
        ("café", "Cafe", True),
        ("colour", "color", True),  # one letter dropped
        ("tutorial", "tutroial", True),  # neighbours swapped
        ("kubernetes", "kubernetas", True),  # one letter changed
        ("tag", "tags", True),  # plural
        ("box", "boxes", True),
        ("c", "c++", False),
        ("c++", "c#", False),
        ("python2", "python3", False),  # digits are versions, not typos
        ("es2015", "es2016", False),
        ("java", "lava", False),  # too short to call it a typo
        ("js", "javascript", False),  # an abbreviation is the editor's call
        ("go", "goes", False),  # stem too short for a plural
    ],
)
def test_what_counts_as_a_near_duplicate(a, b, near):
    assert (similar_groups([a, b]) == [[a, b]]) is near


def test_groups_are_closed_under_links_and_keep_the_order_given():
    values = ["colors", "python", "color", "Colour", "rust", "PYTHON"]
    assert similar_groups(values) == [["colors", "color", "Colour"], ["python", "PYTHON"]]


def test_fold_and_edit_distance():
    assert fold("Java-Script!") == "javascript"
    assert fold("C++") == "c++"
    assert fold("---") == "---"  # nothing left after folding: the text itself
    assert one_edit_apart("abcd", "abdc")
    assert not one_edit_apart("abcd", "badc")
    assert one_edit_apart("abc", "abcd") and one_edit_apart("abcd", "abc")
    assert not one_edit_apart("abc", "abxyz")


def test_grouping_many_values_is_linear_enough():
    """5,000 distinct values group without comparing every pair (no timing: a count of
    the work would need instrumentation; this only has to finish and be right)."""
    values = [f"topic{n:04d}x" for n in range(5000)] + ["topicc0001x"]
    groups = similar_groups(values)
    assert groups == [["topic0001x", "topicc0001x"]]
