"""Unknown field names in a filter are a warning with the close match."""

from editor.core.site.query import parse_query
from editor.core.site.query_fields import asked_fields, query_warnings, unknown_field_warnings

KNOWN = ["title", "tags", "date", "draft", "Categories"]


def test_the_fields_a_filter_names():
    query = parse_query(
        'ferry "a b" body:x is:error tag:news -draft:true has:image no:Tags date:>=2020'
    )
    assert asked_fields(query) == ["tag", "draft", "image", "tags", "date"]


def test_unknown_names_suggest_the_close_match():
    query = parse_query("tag:news has:imgae categories:x no:draft")
    assert query_warnings(query, KNOWN) == [
        "no post has a field 'tag'; did you mean 'tags'?",
        "no post has a field 'imgae'",
    ]


def test_known_names_any_case_and_dotted_names_by_their_first_part():
    assert unknown_field_warnings(["TITLE", "tags.x", "categories"], KNOWN) == []
    assert unknown_field_warnings(["titel.x"], KNOWN) == [
        "no post has a field 'titel.x'; did you mean 'title'?"
    ]


def test_a_filter_of_plain_words_names_no_field():
    assert query_warnings(parse_query("harbour ferry"), []) == []
