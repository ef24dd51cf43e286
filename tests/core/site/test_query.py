"""The post filter language: words, fields, full text, negation and comparisons."""

from __future__ import annotations

import datetime as dt

import pytest

from editor.core.site.index import PostRecord, SiteIndex
from editor.core.site.query import filter_records, matches, parse_query, search_text
from tests.core.sitegen import generate_site


def _rec(rel, title="", body="", error=None, **metadata):
    if title:
        metadata = {"title": title, **metadata}
    record = PostRecord(f"/s/{rel}", rel, 1, 1, "yaml", metadata, title=title, error=error)
    record.body_lower = body
    return record


FERRY = _rec(
    "2020-09-30-harbour-ferry.md",
    title="Harbour Ferry returns",
    body="the ferry is back after four months in dry dock",
    categories=["latest", "news"],
    featured=True,
    date="2020-09-30-07-25-20",
    weight=3,
    image="/assets/ferry.jpg",
)
ICE = _rec(
    "2020-10-02-ice-cities.md",
    title="ICE targets sanctuary cities",
    body="law & order president",
    categories=["politics"],
    featured=False,
    date=dt.date(2020, 10, 2),
    weight=10,
)
BROKEN = _rec("broken.md", error="invalid YAML")
ALL = [FERRY, ICE, BROKEN]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [FERRY, ICE, BROKEN]),
        ("ferry", [FERRY]),
        ("FERRY returns", [FERRY]),
        ("cities", [ICE]),  # file name counts as well as the title
        ("broken", [BROKEN]),
        ("-ferry", [ICE, BROKEN]),
        ('"dry dock"', [FERRY]),
        ('"law & order"', [ICE]),
        ("body:dock", [FERRY]),
        ('body:"four months"', [FERRY]),
        ("categories:news", [FERRY]),
        ("categories:new", []),  # list membership is whole items
        ("Categories:POLITICS", [ICE]),
        ("featured:true", [FERRY]),
        ("featured:no", [ICE]),
        ("title:sanctuary", [ICE]),
        ("date:2020-09", [FERRY]),
        ("date:2020-10-02", [ICE]),
        ("date:>=2020-10", [ICE]),
        ("date:<2020-10-01", [FERRY]),
        ("weight:3", [FERRY]),
        ("weight:>5", [ICE]),
        ("has:image", [FERRY]),
        ("no:image", [ICE, BROKEN]),
        ("is:error", [BROKEN]),
        ("is:ok featured:false", [ICE]),
        ("categories:latest -featured:false", [FERRY]),
    ],
)
def test_query_terms(query, expected):
    """Each syntax element selects exactly the expected records."""
    assert filter_records(ALL, query) == expected


def test_parse_query_terms():
    """Terms keep key, value, phrase and negation; values are lowercased."""
    q = parse_query('Ferry -tag:News "Dry Dock" body:"two words"')
    assert [(t.key, t.value, t.phrase, t.negated) for t in q.terms] == [
        (None, "ferry", False, False),
        ("tag", "news", False, True),
        (None, "dry dock", True, False),
        ("body", "two words", True, False),
    ]
    assert q.needs_body and not parse_query("tag:x").needs_body


def test_matches_reads_the_body_when_missing(tmp_path):
    """A record without a loaded body reads it from its file for a body term."""
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: T\n---\nThe Quick  brown\nfox\n")
    record = PostRecord(str(path), "p.md", 1, 1, "yaml", {"title": "T"}, title="T")
    assert matches(record, '"quick brown fox"')
    assert not matches(record, "body:title")


def test_filter_with_index_loads_bodies(tmp_path, isolated_dirs):
    """On a generated site, full-text filtering uses the index's bodies."""
    site = generate_site(tmp_path / "s", 30, seed=4)
    index = SiteIndex(site.root)
    index.scan()
    word = site.posts[0].read_text().split("---")[-1].split()[3].lower().strip(".")
    found = filter_records(index.records, f"body:{word}", index)
    assert index.records[0] in found or any(r.rel.endswith(site.posts[0].name) for r in found)
    assert all(word in r.body_lower for r in found)


@pytest.mark.parametrize(
    "previous, new, narrows",
    [
        ("harb", "harbo", True),  # a word typed further
        ("harbour", "harbour ", True),
        ("council", "council v", True),  # a term added
        ("", "ferry", True),
        ("harbo", "harb", False),  # backspace widens
        ("ferry", "berry", False),
        ("-fer", "-ferr", False),  # a negated word typed further matches more
        ("categories:new", "categories:news", False),  # whole list items: not monotone
        ("date:>=2020", "date:>=2020-1", False),
        ('"law', '"law &', False),
        ("ferry harbour", "ferry", False),  # a term dropped
    ],
)
def test_narrows(previous, new, narrows):
    assert parse_query(new).narrows(parse_query(previous)) is narrows


def test_narrowing_filter_equals_a_fresh_filter():
    """Where narrows() says so, filtering the previous matches gives the fresh result."""
    records = [FERRY, ICE, BROKEN]
    text = "harbour ferry"
    previous = records
    for end in range(1, len(text) + 1):
        query = parse_query(text[:end])
        fresh = filter_records(records, query)
        if end > 1 and query.narrows(parse_query(text[: end - 1])):
            assert filter_records(previous, query) == fresh
        previous = fresh


@pytest.mark.parametrize(
    "text, words",
    [("harbour ferry", ["harbour", "ferry"]), ("", []), ("-ferry", None), ('"a b"', None),
     ("title:ferry", None), ("ferry featured:true", None)],
)  # fmt: skip
def test_plain_words(text, words):
    """A query of plain words only exposes them; matching them against search_text agrees."""
    query = parse_query(text)
    assert query.plain_words == words
    if words:
        for record in (FERRY, ICE, BROKEN):
            expected = all(w in search_text(record) for w in words)
            assert query.test(record) is expected


def test_prepare_computes_search_data_up_front_and_filters_alike():
    """prepare() fills each record's search data; filtering then gives the same rows."""
    from editor.core.site.query import prepare

    records = [
        PostRecord(path=f"/s/{i}.md", rel=f"{i}.md", size=1, mtime_ns=1, title=f"Post {i}",
                   metadata={"categories": ["news" if i % 2 else "sport"], "featured": i % 3 == 0})
        for i in range(30)
    ]  # fmt: skip
    lazy = [r.path for r in filter_records(records, parse_query("categories:news"))]
    fresh = [
        PostRecord(path=r.path, rel=r.rel, size=1, mtime_ns=1, title=r.title, metadata=r.metadata)
        for r in records
    ]
    prepare(fresh)
    assert all(r.search_fields is not None and r.search_text is not None for r in fresh)
    assert [r.path for r in filter_records(fresh, parse_query("categories:news"))] == lazy
    assert len(lazy) == 15
