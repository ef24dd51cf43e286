"""SpellingSession: the speller for the post open in a window, without widgets.

It holds the post's language (the post's own field, else the site's, else the system's;
``set_language`` changes it for this post), the known words (Masthead's list, the
user-wide one, the site's ``.masthead/words.txt``, masthead.toml's and the site's tags,
categories and authors), and what Add to Dictionary (written to the site's word list)
and Ignore add. The widgets that underline and offer suggestions are in
``editor.ui.editor.spelling``.

A word the language's own dictionary rejects may be known to a companion dictionary
(English: en_GB beside en_US), loaded only when a word needs it. ``misspelled_now``
never waits for that load: it answers None, loads the companions on a worker (the
``Runner``) and emits ``companions_loaded`` when the words can be asked again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.core.spelling.config import (
    SpellingConfig,
    add_word,
    choose_language,
    known_words,
    personal_dictionary_path,
    read_spelling_config,
    user_dictionary_path,
    vocabulary_words,
)
from editor.core.spelling.engine import (
    Speller,
    available_languages,
    load_dictionaries,
    new_speller,
    normalize_tag,
)

log = logging.getLogger(__name__)

MAX_MENU_SUGGESTIONS = 6


class SpellingSession(QObject):
    """The speller for the open post (see the module docstring)."""

    changed = Signal()  # the language or every verdict changed: check everything again
    words_accepted = Signal(list)  # words no longer misspelled (added, ignored)
    status_changed = Signal()
    companions_loaded = Signal()  # words misspelled_now left undecided can be asked again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.config = SpellingConfig()
        self.language = ""
        self.source = ""
        self._metadata: dict[str, Any] = {}
        self._vocabulary: set[str] = set()
        self._overrides: dict[str, str] = {}  # post path -> language chosen for it
        self._post_key = ""
        self._ignored: set[str] = set()
        self._spellers: dict[str, Speller] = {}
        self.speller: Speller = Speller(None, "", "")
        self._state: tuple | None = None  # (language, off, known words) last applied
        self.user_off = False  # the user turned spelling off (Preferences)
        self.default_language = ""  # the user's language when neither post nor site names one
        self._has_post = False  # set_post was called: a language has been chosen
        self._runner = None  # loads companion dictionaries; made when first needed
        self._loading: list[Speller] = []  # spellers whose companions load, first first

    # -- state ---------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.speller.ok and not self.config.off and not self.user_off

    @property
    def note(self) -> str:
        if self.user_off:
            return "Spell checking is off (Edit ▸ Preferences)."
        if self.config.off:
            return "Spell checking is off for this site ([spelling] off in masthead.toml)."
        return self.speller.note

    def status_text(self) -> str:
        if not self.language:
            return ""
        return self.language if self.active else f"{self.language} (spelling off)"

    def set_post(
        self,
        path: Path | None,
        root: Path | None,
        metadata: dict[str, Any] | None,
        vocabulary: Iterable[str] = (),
    ) -> None:
        """Take the open post: its site's settings and words, and its language."""
        self.root = root
        self.config = read_spelling_config(root)
        self._metadata = dict(metadata or {})
        self._vocabulary = set(vocabulary) | vocabulary_words([self._metadata])
        self._post_key = os.fspath(path) if path is not None else ""
        self._has_post = True
        self._choose()

    def set_user_preferences(self, enabled: bool, language: str = "") -> None:
        """The user's own choice: spelling on or off everywhere, and the language used where
        neither the post nor its site names one ("" for the system's)."""
        self.user_off = not enabled
        self.default_language = normalize_tag(language) or ""
        if self._has_post:  # else the first set_post chooses (and loads a dictionary)
            self._choose()

    def available_languages(self) -> list[str]:
        """The languages a dictionary is installed for."""
        return available_languages()

    def set_site_records(self, records: Iterable[Any]) -> None:
        """The site index's records: their tags, categories and authors are known words."""
        ok = (r.metadata for r in records if getattr(r, "error", None) is None)
        self.set_vocabulary(vocabulary_words(ok))

    def set_vocabulary(self, words: Iterable[str]) -> None:
        """The site's own words (tags, categories, authors), from the site index."""
        words = set(words) | vocabulary_words([self._metadata])
        if words != self._vocabulary:
            self._vocabulary = words
            self._choose()

    def set_language(self, language: str | None) -> None:
        """Check this post in another language (None: back to the one it would have)."""
        tag = normalize_tag(language) if language else None
        if tag:
            self._overrides[self._post_key] = tag
        else:
            self._overrides.pop(self._post_key, None)
        self._choose()

    def _choose(self) -> None:
        override = self._overrides.get(self._post_key)
        if override:
            language, source = override, "chosen for this post"
        else:
            language, source = choose_language(self._metadata, self.root, self.config)
            if source == "system" and self.default_language:
                language, source = self.default_language, "your preferences"
        known = set(known_words(self.root, self.config)) | self._vocabulary | self._ignored
        state = (language, self.config.off or self.user_off, frozenset(known))
        if state == self._state:  # the same post reloaded: nothing to check again
            self.source = source
            self.status_changed.emit()
            return
        speller = self._spellers.get(language)
        if speller is None:
            speller = self._spellers[language] = new_speller(language)
            if not speller.ok:
                log.info("spelling: %s", speller.note)
        speller.add_known(known)
        self.speller, self.language, self.source = speller, language, source
        self._state = state
        self.changed.emit()
        self.status_changed.emit()

    # -- words ---------------------------------------------------------------------------

    def cached(self, word: str) -> bool | None:
        """The verdict on a word if it is known without a look-up, else None."""
        if not self.active:
            return False
        return self.speller.verdict(word)

    def misspelled(self, word: str) -> bool:
        return self.active and self.speller.misspelled(word)

    def misspelled_now(self, word: str) -> bool | None:
        """``misspelled(word)`` without waiting for the companion dictionaries: None
        while they load (see the module docstring)."""
        if not self.active:
            return False
        verdict = self.speller.misspelled_now(word)
        if verdict is None:
            self._load_companions(self.speller)
        return verdict

    def _load_companions(self, speller: Speller) -> None:
        """Queue speller's companion dictionaries for loading on the worker, once."""
        if any(queued is speller for queued in self._loading):
            return
        self._loading.append(speller)
        if len(self._loading) == 1:
            self._load_next()

    def _load_next(self) -> None:
        from editor.session.runner import Runner

        if self._runner is None:
            self._runner = Runner("spelling dictionaries", self)
        speller = self._loading[0]
        tags = speller.companions_to_load

        def taken(loaded: tuple[object, list]) -> None:
            self._loading.pop(0)
            speller.take_companions(*loaded)
            self.companions_loaded.emit()
            if self._loading:
                self._load_next()

        def failed(message: str) -> None:
            log.warning("spelling: companion dictionaries not loaded: %s", message)
            taken((None, []))

        self._runner.submit(lambda _job: load_dictionaries(tags), taken, on_failed=failed)

    def suggestions(self, word: str) -> list[str]:
        return self.speller.suggest(word, MAX_MENU_SUGGESTIONS) if self.active else []

    def dictionary_path(self) -> Path:
        """Where Add to Dictionary writes: the site's list, else the user-wide one."""
        return personal_dictionary_path(self.root) if self.root else user_dictionary_path()

    def add_to_dictionary(self, word: str) -> None:
        word = word.replace("’", "'")
        try:
            add_word(self.dictionary_path(), word)
        except (OSError, ValueError) as exc:
            log.warning("spelling: cannot add %r to %s: %s", word, self.dictionary_path(), exc)
        self.speller.add_known([word])
        self.words_accepted.emit([word])

    def ignore(self, word: str) -> None:
        self._ignored.add(word)
        self.speller.ignore(word)
        self.words_accepted.emit([word])
