"""Site checks: every planted problem is found where it was planted; a clean site stays clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.site.checks import Problem, check_paths, format_problems, run_checks
from editor.core.site.index import PostRecord, SiteIndex
from editor.core.site.url_slug import slug_of
from tests.core.sitegen import PLANTABLE, generate_site

# sitegen names problems after what it plants; the two length problems share one code.
CODE_OF = {"title-too-long": "too-long", "description-too-long": "too-long"}


def _index(root: Path) -> SiteIndex:
    index = SiteIndex(root)
    index.scan()
    return index


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    site = generate_site(root / "site", 200, seed=7, plant=PLANTABLE)
    index = SiteIndex(site.root, use_cache=False)
    index.scan()
    return site, run_checks(index)


@pytest.mark.parametrize("problem", PLANTABLE)
def test_each_planted_problem_is_found(planted, problem):
    """The check for each planted problem reports it on the planted post(s)."""
    site, problems = planted
    code = CODE_OF.get(problem, problem)
    found = {Path(p.path).relative_to(site.root).as_posix() for p in problems if p.code == code}
    assert set(site.planted[problem]) <= found


def test_planted_site_has_no_other_findings(planted):
    """Nothing beyond the planted posts is flagged."""
    site, problems = planted
    planted_rels = {rel for rels in site.planted.values() for rel in rels}
    flagged = {Path(p.path).relative_to(site.root).as_posix() for p in problems}
    assert flagged <= planted_rels


def test_messages_lines_and_levels(planted):
    """Findings carry the key, its line, a level and a helpful message."""
    site, problems = planted
    by_code = {p.code: p for p in problems}
    typo = by_code["unknown-value"]
    assert typo.key == "categories" and typo.line == 8 and "did you mean 'news'" in typo.message
    assert by_code["missing-image"].level == "error" and by_code["missing-image"].line == 4
    assert by_code["parse-error"].level == "error" and by_code["parse-error"].line == 2
    assert by_code["date-format"].level == "warning" and by_code["date-format"].key == "date"
    assert "'featured' is list here, but bool" in by_code["type-mismatch"].message


def test_clean_generated_site_is_clean(tmp_path, isolated_dirs):
    """A consistent site of 1,500 posts produces no findings at all."""
    site = generate_site(tmp_path / "site", 1500, seed=11)
    assert run_checks(_index(site.root)) == []


def test_schema_file_turns_findings_into_errors(tmp_path, isolated_dirs):
    """Pinned rules: required fields, allowed values, date format and type become errors."""
    site = generate_site(tmp_path / "site", 30, seed=2)
    (site.root / "masthead.toml").write_text(
        '[fields.summary]\nrequired = true\n\n[fields.categories]\nallowed = ["news"]\n\n'
        '[fields.date]\ndate_format = "%Y-%m-%d"\n\n[fields.featured]\ntype = "str"\n'
        "[limits]\ntitle = 10\n"
    )
    problems = run_checks(_index(site.root))
    codes = {(p.code, p.level) for p in problems}
    assert ("missing-field", "error") in codes
    assert ("unknown-value", "error") in codes
    assert ("date-format", "error") in codes
    assert ("type-mismatch", "error") in codes
    assert ("too-long", "warning") in codes


def test_broken_schema_file_is_a_problem(tmp_path, isolated_dirs):
    """A masthead.toml that cannot be read is reported, and checks still run."""
    site = generate_site(tmp_path / "site", 12, seed=2)
    (site.root / "masthead.toml").write_text("[limits\n")
    problems = run_checks(_index(site.root))
    assert [p.code for p in problems] == ["schema-file"]


def test_image_paths_resolve_like_the_site(tmp_path):
    """Root-relative paths resolve under source/ or the root, relative ones beside the post."""
    root = tmp_path
    (root / "source/assets").mkdir(parents=True)
    (root / "source/assets/a.jpg").write_bytes(b"x")
    (root / "posts").mkdir()
    (root / "posts/local.png").write_bytes(b"x")

    def record(**metadata):
        return PostRecord(
            str(root / "posts/p.md"), "posts/p.md", 1, 1, "yaml", metadata, key_lines={"image": 2}
        )

    ok = [
        record(image="/assets/a.jpg"),
        record(image="local.png"),
        record(image="https://x.org/n.jpg"),
        record(gallery=["/assets/a.jpg", "local.png"]),
        record(image="{{ site.url }}/n.jpg"),
    ]
    assert [p for r in ok for p in run_checks([r], root=root) if p.code == "missing-image"] == []
    bad = run_checks([record(image="/assets/nope.jpg"), record(image="../nope.png")], root=root)
    assert sorted((p.line, p.message) for p in bad if p.code == "missing-image") == [
        (2, "image '../nope.png' not found"),
        (2, "image '/assets/nope.jpg' not found"),
    ]


def test_slugs():
    """Slug: slug/permalink field, else file name minus the date prefix; bundles use the folder."""

    def rec(rel, **md):
        return PostRecord("/" + rel, rel, 1, 1, "yaml", md)

    assert slug_of(rec("_posts/2020-09-30-ice-cities.md")) == "ice-cities"
    assert slug_of(rec("_posts/2020-09-30-07-25-20-ice.md")) == "ice"
    assert slug_of(rec("posts/my-trip/index.md")) == "my-trip"
    assert slug_of(rec("a.md", slug="Custom")) == "custom"
    assert slug_of(rec("a.md", permalink="/blog/x/")) == "blog/x"


def test_check_paths_folder_and_file(tmp_path, isolated_dirs):
    """A folder is checked as a site; a file only reports its own problems, judged by its site."""
    site = generate_site(tmp_path / "site", 60, seed=5, plant=("missing-image", "title-too-long"))
    problems = check_paths([site.root])
    assert {p.code for p in problems} == {"missing-image", "too-long"}
    image_post = site.root / site.planted["missing-image"][0]
    only = check_paths([image_post])
    assert [p.code for p in only] == ["missing-image"]
    clean = site.posts[0]
    assert check_paths([clean]) == []
    missing = check_paths([tmp_path / "nope.md"])
    assert missing[0].level == "error" and "no such file" in missing[0].message


def test_check_paths_lone_file_without_site(tmp_path, isolated_dirs):
    """A file outside any site is still checked on its own (parse errors, limits)."""
    post = tmp_path / "lone" / "p.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: [broken\n---\n")
    (problem,) = check_paths([post])
    assert problem.code == "parse-error" and problem.line is not None


def test_format_problems_text_and_json(tmp_path, monkeypatch):
    """Text is path:line: level: message; JSON has every field; paths are relative to cwd."""
    monkeypatch.chdir(tmp_path)
    problems = [
        Problem(str(tmp_path / "a.md"), 3, "warning", "too-long", "'title' is long", "title"),
        Problem("/elsewhere/b.md", None, "error", "parse-error", "broken"),
    ]
    text = format_problems(problems)
    assert text.splitlines() == [
        "a.md:3: warning: 'title' is long [too-long]",
        "/elsewhere/b.md: error: broken [parse-error]",
    ]
    data = json.loads(format_problems(problems, "json"))
    assert data[0] == {
        "path": str(tmp_path / "a.md"),
        "line": 3,
        "level": "warning",
        "code": "too-long",
        "message": "'title' is long",
        "key": "title",
    }
    with pytest.raises(ValueError):
        format_problems(problems, "xml")


@pytest.mark.corpus
def test_corpus_runs_without_raising(corpus_dir, isolated_dirs):
    """Checks run over the real corpus; findings are bounded (calibrated, not noisy)."""
    index = _index(corpus_dir)
    problems = run_checks(index)
    assert len(problems) < len(index)
