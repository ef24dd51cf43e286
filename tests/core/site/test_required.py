"""Empty required fields: flagged like missing ones, whatever shape the emptiness takes."""

from __future__ import annotations

import pytest

from editor.core.site.checks import run_checks
from editor.core.site.index import SiteIndex
from editor.core.site.required import empty_required_fields, is_empty
from editor.core.site.schema import FieldRule, SchemaConfig

CONFIG = SchemaConfig(fields={"description": FieldRule(required=True), "tags": FieldRule()})


@pytest.mark.parametrize("value", ["", "   ", "\t\n", None, [], {}])
def test_empty_shapes_are_empty(value):
    """Empty text, whitespace, null and empty collections all count as empty."""
    assert is_empty(value)


@pytest.mark.parametrize("value", ["x", 0, False, ["a"], {"a": 1}])
def test_values_are_not_empty(value):
    """Zero and False are values, not emptiness."""
    assert not is_empty(value)


def test_only_required_fields_that_are_present_and_empty():
    """An absent field is the missing-field check's business; an empty optional one is fine."""
    assert empty_required_fields({"description": "", "tags": []}, CONFIG) == ["description"]
    assert empty_required_fields({"tags": []}, CONFIG) == []
    assert empty_required_fields({"description": "Said"}, CONFIG) == []


@pytest.mark.parametrize("written", ['""', "''", "   ''", "~", "null", ""])
def test_site_check_flags_an_empty_required_field_on_its_line(tmp_path, written):
    """A post whose required description is empty gets an error on the description's line."""
    (tmp_path / "masthead.toml").write_text("[fields.description]\nrequired = true\n")
    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: New\ndescription: {written}\n---\nBody\n")
    (tmp_path / "good.md").write_text("---\ntitle: Old\ndescription: Said\n---\nBody\n")
    index = SiteIndex(tmp_path, use_cache=False)
    index.scan()
    problems = [p for p in run_checks(index) if p.key == "description"]
    assert [(p.path, p.line, p.level, p.code) for p in problems] == [
        (str(post), 3, "error", "missing-field")
    ]
    assert "empty" in problems[0].message


def test_a_translation_is_not_held_to_the_required_fields(tmp_path):
    """post.fr.md translates post.md: its missing or empty description is not a problem;
    the original's is."""
    (tmp_path / "masthead.toml").write_text("[fields.description]\nrequired = true\n")
    (tmp_path / "post.md").write_text("---\ntitle: Ferry\ndescription: ''\n---\nBody\n")
    (tmp_path / "post.fr.md").write_text("---\ntitle: Bac\ndescription: ''\n---\nCorps\n")
    (tmp_path / "other.fr.md").write_text("---\ntitle: Marché\n---\nCorps\n")
    index = SiteIndex(tmp_path, use_cache=False)
    index.scan()
    flagged = sorted(p.path for p in run_checks(index) if p.key == "description")
    assert flagged == [str(tmp_path / "other.fr.md"), str(tmp_path / "post.md")]
