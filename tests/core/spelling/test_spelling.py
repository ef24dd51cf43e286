"""Spell checking without Qt: the speller's rules, suggestions, word lists, the language
choice, site checks with their cache, and ``masthead check --spelling``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor import cli
from editor.core.site.records import parse_post_file
from editor.core.spelling import engine
from editor.core.spelling.check import (
    SiteSpelling,
    check_post,
    check_site,
    spelling_problems,
)
from editor.core.spelling.config import (
    add_word,
    choose_language,
    known_words,
    personal_dictionary_path,
    read_spelling_config,
    read_words,
    site_language,
    user_dictionary_path,
    vocabulary_words,
)
from editor.core.spelling.engine import new_speller, normalize_tag, resolve_dictionary_tag

needs_enchant = pytest.mark.skipif(
    not new_speller("en_US").ok, reason="no enchant or no en_US hunspell dictionary"
)


@pytest.fixture
def speller():
    speller = new_speller("en_US")
    if not speller.ok:
        pytest.skip(speller.note)
    return speller


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- the speller ----------------------------------------------------------------------------


def test_words_known_and_unknown(speller):
    assert not speller.misspelled("receive")
    assert speller.misspelled("recieve")
    assert not speller.misspelled("Anne's")  # a possessive
    assert not speller.misspelled("don’t")  # a curly apostrophe
    assert not speller.misspelled("naïve") and not speller.misspelled("café")


def test_capitalised_words_are_names_unless_one_edit_from_a_word(speller):
    assert speller.misspelled("Teh") and speller.misspelled("Retruns")
    assert not speller.misspelled("Kubernetes") and not speller.misspelled("Zorblatt")


def test_english_accepts_us_and_uk_spellings(speller):
    assert not speller.misspelled("colour") and not speller.misspelled("color")


def test_words_of_another_script_are_not_english_misspellings(speller):
    assert not speller.misspelled("短代码") and not speller.misspelled("Привет")


def test_suggestions(speller):
    assert speller.suggest("recieve")[0] == "receive"
    assert speller.quick_suggest("wrod")[0] == "word"
    assert speller.quick_suggest("Teh")[0] == "The"
    assert "receive" in speller.suggest("recieve", limit=3)


def test_known_words_and_ignore(speller):
    assert speller.misspelled("frobnicate")
    speller.add_known(["frobnicate", "Zyxt"])
    assert not speller.misspelled("frobnicate") and not speller.misspelled("Frobnicate")
    speller.ignore("qwertyuiop")
    assert not speller.misspelled("qwertyuiop")


def test_spelling_is_off_without_enchant_and_says_how_to_turn_it_on(monkeypatch, caplog):
    monkeypatch.setattr(engine, "_enchant", lambda: (None, "No module named 'enchant'"))
    speller = new_speller("en_US")
    assert not speller.ok and not speller.misspelled("recieve") and speller.suggest("x") == []
    assert (
        "Spell checking is off" in speller.note and "apt-get install libenchant-2-2" in speller.note
    )


@needs_enchant
def test_a_language_without_a_dictionary_is_off_with_a_note():
    speller = new_speller("xx_YY")
    assert not speller.ok and "xx" in speller.note


@needs_enchant
def test_the_hunspell_provider_is_pinned(monkeypatch):
    import enchant

    orderings = []
    original = enchant.Broker.set_ordering
    monkeypatch.setattr(
        enchant.Broker,
        "set_ordering",
        lambda self, tag, order: (orderings.append((tag, order)), original(self, tag, order))[1],
    )
    new_speller("en_GB")
    assert ("en_GB", "hunspell") in orderings


def test_language_tags():
    assert normalize_tag("en-us") == "en_US" and normalize_tag("de_DE.UTF-8") == "de_DE"
    assert normalize_tag("FR") == "fr" and normalize_tag("C") is None and normalize_tag(3) is None
    assert resolve_dictionary_tag("en", ["en_GB", "en_US"]) == "en_US"
    assert resolve_dictionary_tag("en_AU", ["en_GB"]) == "en_GB"
    assert resolve_dictionary_tag("de", ["en_US"]) is None


# --- language choice ---------------------------------------------------------------------


def test_language_from_the_post_then_the_site_then_the_system(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert choose_language({}, tmp_path) == ("nl_NL", "system")
    write(tmp_path / "_config.yml", "title: x\nlang: en-GB\n")
    assert choose_language({}, tmp_path) == ("en_GB", "_config.yml")
    write(tmp_path / "hugo.toml", 'languageCode = "fr-fr"\n')
    assert choose_language({}, tmp_path) == ("fr_FR", "hugo.toml")
    write(tmp_path / "masthead.toml", '[spelling]\nlanguage = "de-DE"\n')
    assert choose_language({}, tmp_path) == ("de_DE", "masthead.toml")
    for key in ("lang", "language", "locale"):
        assert choose_language({key: "pt-br"}, tmp_path) == ("pt_BR", "post")


def test_hugo_yaml_config_and_no_config(tmp_path):
    assert site_language(tmp_path) == (None, "")
    write(tmp_path / "config.yaml", "languageCode: en-au\n")
    assert site_language(tmp_path) == ("en_AU", "config.yaml")


def test_spelling_section_of_masthead_toml(tmp_path):
    write(
        tmp_path / "masthead.toml",
        '[spelling]\nlanguage = "en_GB"\noff = true\n'
        'words = ["Frobz"]\nfields = ["title"]\nbogus = 1\n',
    )
    config = read_spelling_config(tmp_path)
    assert (config.language, config.off, config.words, config.fields) == (
        "en_GB",
        True,
        ["Frobz"],
        ("title",),
    )
    assert config.errors == ["[spelling] has an unknown key 'bogus'"]


def test_the_schema_check_accepts_a_spelling_section(tmp_path):
    from editor.core.site.schema import load_schema_config

    write(tmp_path / "masthead.toml", '[spelling]\nlanguage = "en_GB"\n')
    assert load_schema_config(tmp_path).errors == []


# --- word lists ---------------------------------------------------------------------------


def test_personal_dictionary_round_trip(tmp_path, isolated_dirs):
    path = personal_dictionary_path(tmp_path)
    assert path == tmp_path / ".masthead" / "words.txt"
    assert add_word(path, "zebrafy") and add_word(path, "Aardvarkish") and add_word(path, "mango’s")
    assert not add_word(path, "zebrafy")
    assert path.read_text() == "Aardvarkish\nmango's\nzebrafy\n"  # sorted, one a line
    assert read_words(path) == ["Aardvarkish", "mango's", "zebrafy"]
    with pytest.raises(ValueError):
        add_word(path, "two words")
    add_word(user_dictionary_path(), "userwide")
    assert {"Aardvarkish", "zebrafy", "userwide", "webhook"} <= set(known_words(tmp_path))


def test_site_vocabulary_is_tags_categories_and_authors():
    words = vocabulary_words(
        [
            {"tags": ["Kubernetes", "static-sites"], "author": "Zofia Wróblewska"},
            {
                "categories": "Frobnication",
                "authors": [{"name": "Quentin Blorb"}],
                "title": "Xyzzy",
            },
        ]
    )
    assert {
        "Kubernetes",
        "static",
        "sites",
        "Zofia",
        "Wróblewska",
        "Frobnication",
        "Quentin",
        "Blorb",
    } <= words
    assert "Xyzzy" not in words


# --- posts and sites ------------------------------------------------------------------------

POST = """---
title: The harbour ferry retruns
description: Nothing wrong here at all
tags: [Zorblattium]
date: 2020-01-02
---
Teh ferry came back, see https://example.com/wrod and `wrod`.

A recieve occurs near {{< figure caption="wrod" >}} and Zorblattium.
"""


@needs_enchant
def test_check_post_reports_line_column_field_and_suggestions(tmp_path, speller):
    path = write(tmp_path / "post.md", POST)
    record = parse_post_file(str(path), "post.md")
    speller.add_known(vocabulary_words([record.metadata]))
    found = check_post(path.read_bytes(), record, speller, ("title", "description"))
    assert [(m.line, m.column, m.word, m.field) for m in found] == [
        (2, 26, "retruns", "title"),
        (7, 1, "Teh", None),
        (9, 3, "recieve", None),
    ]
    assert found[0].suggestions[0] == "returns" and found[2].suggestions[0] == "receive"


@needs_enchant
def test_a_paragraph_in_another_language_and_repeated_names_stay_quiet(tmp_path, speller):
    text = (
        "---\ntitle: Fine\n---\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n"
        "Vestibulum fringilla pede sit amet augue, in turpis pellentesque.\n\n"
        "Then Grzegorz said hello. Later Grzegorz left, and a mistaek stayed.\n"
    )
    path = write(tmp_path / "p.md", text)
    record = parse_post_file(str(path), "p.md")
    assert [m.word for m in check_post(text, record, speller, ("title",))] == ["mistaek"]


@needs_enchant
def test_site_check_caches_per_file_and_drops_site_jargon(tmp_path, isolated_dirs):
    root = tmp_path / "site"
    write(root / "masthead.toml", "")
    for n in range(4):
        write(root / f"p{n}.md", f"---\ntitle: Post {n}\n---\nWe deploy with frobctl every day.\n")
    write(root / "typo.md", "---\ntitle: Typo\n---\nA smal typo.\n")
    from editor.core.site.index import SiteIndex

    index = SiteIndex(root, cache_dir=tmp_path / "cache")
    index.scan()
    results = check_site(root, index.records, cache_dir=tmp_path / "cache", workers=1)
    flagged = {
        os.path.basename(p): [m.word for m in found] for p, found in results.items() if found
    }
    assert flagged == {"typo.md": ["smal"]}  # frobctl is in four posts: the site's word
    cache = tmp_path / "cache"
    assert list(cache.rglob("spelling.json"))
    # A warm run reads the cache: a check of a changed file only is asked for.
    checked = []
    original = SiteSpelling.check_file
    SiteSpelling.check_file = lambda self, path, rel: (
        checked.append(rel),
        original(self, path, rel),
    )[1]
    try:
        check_site(root, index.records, cache_dir=cache, workers=1)
        assert checked == []
        write(root / "typo.md", "---\ntitle: Typo\n---\nA smal typo, fixd.\n")
        index.update([root / "typo.md"])
        again = check_site(root, index.records, cache_dir=cache, workers=1)
        assert checked == ["typo.md"]
        assert [m.word for m in again[str(root / "typo.md")]] == ["smal", "fixd"]
    finally:
        SiteSpelling.check_file = original


@needs_enchant
def test_site_check_in_worker_processes_matches_checking_here(tmp_path, isolated_dirs, monkeypatch):
    from editor.core.site.index import SiteIndex
    from editor.core.spelling import check

    root = tmp_path / "site"
    write(root / "masthead.toml", "")
    for n in range(12):
        write(
            root / f"p{n}.md", f"---\ntitle: Post {n}\n---\nWord number {n} has a tpyo{'x' * n}.\n"
        )
    index = SiteIndex(root, use_cache=False)
    index.scan()
    here = check_site(root, index.records, use_cache=False, workers=1)
    monkeypatch.setattr(check, "MIN_FILES_FOR_WORKERS", 1)
    called = []
    original = check._check_in_processes
    monkeypatch.setattr(check, "_check_in_processes", lambda *a: called.append(1) or original(*a))
    there = check_site(root, index.records, use_cache=False, workers=2)
    assert called and there == here and sum(map(len, here.values())) == 12


# --- masthead check --spelling ----------------------------------------------------------------


@needs_enchant
def test_cli_text_and_json(tmp_path, isolated_dirs, capsys, monkeypatch):
    root = tmp_path / "site"
    write(root / "masthead.toml", '[spelling]\nwords = ["Zorblattium"]\n')
    write(root / "posts" / "a.md", POST)
    write(root / "posts" / "b.md", "---\ntitle: Clean\n---\nAll good here.\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--spelling", "site"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4
    assert (
        out[0]
        == "site/posts/a.md:2:26: warning: 'retruns' may be misspelled (returns, reruns) [spelling]"
    )
    assert out[1].startswith("site/posts/a.md:7:1: warning: 'Teh' may be misspelled (The, ")
    assert out[1].endswith(") [spelling]")
    assert (
        out[2]
        == "site/posts/a.md:9:3: warning: 'recieve' may be misspelled (receive, relieve) [spelling]"
    )
    assert out[3] == "0 errors, 3 warnings"
    assert cli.main(["check", "--spelling", "--format", "json", "site/posts/a.md"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0] == {
        "path": str(root / "posts" / "a.md"),
        "line": 2,
        "level": "warning",
        "code": "spelling",
        "message": "'retruns' may be misspelled (returns, reruns)",
        "key": "title",
        "column": 26,
    }
    assert [i["key"] for i in items] == ["title", None, None]


def test_cli_says_how_to_turn_spelling_on_when_it_is_off(
    tmp_path, isolated_dirs, capsys, monkeypatch
):
    monkeypatch.setattr(engine, "_enchant", lambda: (None, "No module named 'enchant'"))
    post = write(tmp_path / "lone.md", "---\ntitle: Teh\n---\nrecieve\n")
    assert cli.main(["check", "--spelling", str(post)]) == 0
    captured = capsys.readouterr()
    assert (
        "Spell checking is off" in captured.err and captured.out.strip() == "0 errors, 0 warnings"
    )


@needs_enchant
def test_spelling_off_in_masthead_toml(tmp_path, isolated_dirs):
    root = tmp_path / "site"
    write(root / "masthead.toml", "[spelling]\noff = true\n")
    write(root / "a.md", "---\ntitle: Teh\n---\nrecieve\n")
    problems, notes = spelling_problems([root], cache_dir=tmp_path / "cache")
    assert problems == [] and "spelling is off" in notes[0]


@needs_enchant
def test_names_inside_sentences_and_linked_handles_stay_quiet_but_title_typos_do_not(
    tmp_path, speller
):
    text = (
        "---\ntitle: The Ferry Retruns to Harbour\n---\n"
        "Thanks to Bartek and [dtolnayx](https://github.com/dtolnayx) for it. Teh end.\n"
    )
    path = write(tmp_path / "p.md", text)
    record = parse_post_file(str(path), "p.md")
    assert [m.word for m in check_post(text, record, speller, ("title",))] == ["Retruns", "Teh"]


@needs_enchant
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: Teh end\n---", [(2, 8, "Teh")]),  # no line after the front matter
        ("---\ntitle: Teh end\n---\n", [(2, 8, "Teh")]),
        ("No front matter, teh end", [(1, 18, "teh")]),
    ],
)
def test_posts_without_a_body_or_without_front_matter(tmp_path, speller, text, expected):
    path = write(tmp_path / "p.md", text)
    record = parse_post_file(str(path), "p.md")
    found = check_post(path.read_bytes(), record, speller, ("title",))
    assert [(m.line, m.column, m.word) for m in found] == expected


@needs_enchant
def test_shared_spellers_are_per_thread():
    """Enchant's dictionaries must not be used by two threads at once: the window's
    background jobs each get their own speller."""
    import threading

    from editor.core.spelling.engine import open_speller

    here = open_speller("en_US")
    assert open_speller("en_US") is here
    other = []
    thread = threading.Thread(target=lambda: other.append(open_speller("en_US")))
    thread.start()
    thread.join()
    assert other[0] is not here and other[0].ok
