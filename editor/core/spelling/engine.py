"""The spell checker: pyenchant with the system's libenchant-2 and hunspell dictionaries.

``open_speller(language, words)`` gives a ``Speller``; when enchant (the Python package or
the C library) is missing, or no dictionary for the language is installed, the speller
is *off*: it finds nothing, and ``note`` says why and how to turn spelling on (the
reason is logged once). Enchant prefers aspell where it is installed, silently, so the
hunspell provider is pinned for each language (``Broker.set_ordering``).

What counts as a misspelling (``Speller.misspelled``):

- a word the dictionary, the personal and user-wide lists, the site's vocabulary and the
  words ignored this session do not know;
- a possessive (``Masthead's``) is checked without its ``'s``; curly apostrophes count as
  straight ones;
- a capitalised word the dictionary does not know is taken for a name, unless a
  lowercase dictionary word is one edit away from it (``Teh``, ``Retruns``): typos in
  titles and at the start of sentences are caught, while names stay quiet.
"""

from __future__ import annotations

import locale as _locale
import logging
import string
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

log = logging.getLogger(__name__)

ENABLE_NOTE = (
    "Spell checking is off: {why}. To turn it on, install libenchant-2 and a hunspell "
    "dictionary (on Debian: apt-get install libenchant-2-2 hunspell-en-us) and pyenchant "
    "(pip install pyenchant)."
)
MAX_SUGGESTIONS = 5
MIN_LENGTH = 3  # shorter words are abbreviations (tl, ve, tm) far more often than typos
COMPANIONS = {"en": ("en_US", "en_GB")}  # variants accepted alongside a language's own
_logged: set[str] = set()
# The script of the languages not written in Latin letters (their words are checked only
# against a dictionary of the same script).
SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"), "CYRILLIC"),
    "el": "GREEK",
    "he": "HEBREW",
    "yi": "HEBREW",
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ur": "ARABIC",
    "hi": "DEVANAGARI",
    "mr": "DEVANAGARI",
    "ne": "DEVANAGARI",
    "bn": "BENGALI",
    "th": "THAI",
    "ka": "GEORGIAN",
    "hy": "ARMENIAN",
    "ko": "HANGUL",
    "ta": "TAMIL",
    "te": "TELUGU",
    "ml": "MALAYALAM",
    "gu": "GUJARATI",
    "si": "SINHALA",
}


def _script_of(char: str) -> str:
    if char < "\u0250":
        return "LATIN"
    try:
        return unicodedata.name(char).split(" ")[0]
    except ValueError:
        return ""


def _log_once(message: str, level: int = logging.WARNING) -> None:
    if message not in _logged:
        _logged.add(message)
        log.log(level, "%s", message)


def normalize_tag(language: str | None) -> str | None:
    """'en-us', 'en_US.UTF-8', 'EN' → 'en_US', 'en_US', 'en'; None for nothing usable."""
    if not language or not isinstance(language, str):
        return None
    tag = language.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not tag or tag in ("C", "POSIX"):
        return None
    parts = tag.split("_")
    if not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    head = parts[0].lower()
    if len(parts) > 1 and parts[1].isalpha() and len(parts[1]) == 2:
        return f"{head}_{parts[1].upper()}"
    return head


def _enchant():
    """The enchant module, or the reason it cannot be used."""
    try:
        import enchant
    except ImportError as exc:  # no pyenchant, or pyenchant without the C library
        return None, str(exc).split("\n")[0] or "enchant is not installed"
    except OSError as exc:  # pragma: no cover - a broken libenchant
        return None, f"libenchant could not be loaded ({exc})"
    return enchant, ""


def available_languages() -> list[str]:
    """The languages a hunspell (or any) dictionary is installed for, sorted."""
    enchant, _ = _enchant()
    if enchant is None:
        return []
    try:
        return sorted(set(enchant.Broker().list_languages()))
    except Exception as exc:  # pragma: no cover - enchant failing at run time
        _log_once(f"spelling: cannot list dictionaries: {exc}")
        return []


def resolve_dictionary_tag(language: str | None, installed: Iterable[str]) -> str | None:
    """The installed dictionary to use for a language tag: itself, else the same language
    in another region (en → en_US, then en_GB, then any en_*)."""
    tag = normalize_tag(language)
    if tag is None:
        return None
    installed = list(installed)
    if tag in installed:
        return tag
    head = tag.split("_")[0]
    preferred = {
        "en": "en_US",
        "de": "de_DE",
        "fr": "fr_FR",
        "es": "es_ES",
        "pt": "pt_PT",
        "nl": "nl_NL",
        "it": "it_IT",
        "sv": "sv_SE",
    }.get(head)
    if preferred in installed:
        return preferred
    same = sorted(t for t in installed if t.split("_")[0] == head)
    return same[0] if same else None


class Speller:
    """Checks words against one language's dictionary and the known-word lists.

    ``ok`` is False when spelling is off (then nothing is misspelled); ``language`` is
    the dictionary used (or asked for), ``note`` the reason when off."""

    def __init__(self, dictionary, language: str, note: str = "") -> None:
        self._dict = dictionary
        self.language = language
        self.note = note
        self._known: set[str] = set()  # exact spellings
        self._known_folded: set[str] = set()  # lowercase entries match any case
        self._cache: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        self._near: dict[str, bool] = {}
        self._quick: dict[tuple, list[str]] = {}
        self._letters = set(string.ascii_lowercase)
        # Other dictionaries of the same language whose words are accepted too (English:
        # en_US and en_GB), so a post in either spelling raises no false alarms. Each
        # takes about 10 MiB, so they are loaded (from _companion_tags) only when a word
        # the language's own dictionary rejects needs them (see _misspelled).
        self._companions: list = []
        self._companion_tags: list[str] = []
        self._broker: object = None  # keeps a dictionary's broker alive with it
        self._companion_broker: object = None  # the same, for companions loaded elsewhere
        self._site_known: object = None  # which site vocabulary was added (SiteSpelling)
        self.script = SCRIPTS.get(language.split("_")[0], "LATIN")

    @property
    def ok(self) -> bool:
        return self._dict is not None

    def add_known(self, words: Iterable[str]) -> None:
        """Words to accept (personal dictionary, site vocabulary, ignored words)."""
        for word in words:
            word = word.strip().replace("’", "'")
            if not word:
                continue
            if word == word.lower():
                self._known_folded.add(word)
            else:
                self._known.add(word)
        self._cache.clear()

    def misspelled(self, word: str) -> bool:
        """True if the word looks misspelled (see the module docstring)."""
        if self._dict is None:
            return False
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._misspelled(word)
        return cached

    def verdict(self, word: str) -> bool | None:
        """``misspelled(word)`` if it is already known without a look-up, else None (for a
        caller that must not wait: the editor looks the rest up in slices)."""
        if self._dict is None:
            return False
        return self._cache.get(word)

    def misspelled_now(self, word: str) -> bool | None:
        """``misspelled(word)``, or None when the answer needs the companion dictionaries
        and they are not loaded yet: a caller that must not wait for them (the editor, on
        the GUI thread) loads them elsewhere (``load_dictionaries``), hands them over with
        ``take_companions`` and asks again."""
        if self._dict is None:
            return False
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if self._companion_tags and self._misspelled_with(word, companions=False):
            return None
        return self.misspelled(word)

    @property
    def companions_to_load(self) -> list[str]:
        """The companion dictionaries' tags not loaded yet."""
        return list(self._companion_tags)

    def take_companions(self, broker: object, dictionaries: Sequence[Any]) -> None:
        """Companion dictionaries loaded elsewhere (``load_dictionaries``), with the
        broker that keeps them alive; the ones still to load are then none."""
        self._companion_broker = broker
        self._companions.extend(dictionaries)
        self._companion_tags.clear()

    def _companion_dictionaries(self) -> list:
        """The companion dictionaries, loaded the first time they are asked for."""
        if self._companion_tags:
            tags, self._companion_tags = self._companion_tags, []
            self._companions.extend(_request_dictionaries(self._broker, tags))
        return self._companions

    def _knows(self, word: str, companions: bool = True) -> bool:
        if word in self._known or word.lower() in self._known_folded:
            return True
        try:
            if self._dict.check(word) or (
                companions and any(d.check(word) for d in self._companion_dictionaries())
            ):
                return True
        except Exception as exc:  # enchant refuses some strings (e.g. too long)
            _log_once(f"spelling: enchant could not check a word: {exc}")
            return True
        if not word.isascii():  # naïve, café: dictionaries often have only the plain form
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
            )
            return plain != word and plain.isascii() and self._knows(plain, companions)
        return False

    def _misspelled(self, word: str) -> bool:
        # The language's own dictionary first: a companion only ever makes more words
        # known, so asking it about the words found misspelled without it gives the same
        # answer, and a post in the main spelling never loads it.
        if not self._misspelled_with(word, companions=False):
            return False
        if not (self._companions or self._companion_tags):
            return True
        return self._misspelled_with(word, companions=True)

    def _misspelled_with(self, word: str, companions: bool) -> bool:
        word = word.replace("’", "'").strip("'")
        knows = self._knows
        if len(word) < MIN_LENGTH or not self._in_script(word) or knows(word, companions):
            return False
        for ending in ("'s", "'"):
            if word.endswith(ending) and knows(word[: -len(ending)], companions):
                return False
        if "'" in word and all(
            knows(part, companions) for part in word.split("'") if len(part) > 1
        ):
            return False  # elisions (l'homme) and contractions the dictionary lacks
        if word[0].isupper():
            lower = word.lower()
            if knows(lower, companions):
                return False
            return self.near_word(lower)
        return True

    def _in_script(self, word: str) -> bool:
        """False for a word with letters of another script than the dictionary's (a
        Chinese phrase in an English post is not misspelled English)."""
        if word.isascii():
            return self.script == "LATIN"
        for char in word:
            if char.isalpha() and not _script_of(char) == self.script:
                return False
        return True

    def near_word(self, word: str) -> bool:
        """True if a lowercase dictionary word is one edit (or one swap) from the word."""
        if self._dict is None:
            return False
        lower = word.replace("’", "'").strip("'").lower()
        found = self._near.get(lower)
        if found is None:
            found = self._near[lower] = self._near_lowercase_word(lower)
        return found

    def _near_lowercase_word(self, lower: str) -> bool:
        """True if a lowercase dictionary word is one edit (or one swap) from lower."""
        check = self._dict.check
        return any(check(candidate) for candidate in self.near_candidates(lower))

    def near_candidates(self, word: str) -> Iterator[str]:
        """The strings one edit (or one swap) from the word's lowercase form, likeliest
        first: what ``near_word`` looks up, for a caller that looks them up in slices."""
        lower = word.replace("’", "'").strip("'").lower()
        letters = sorted(self._letters | set(lower))
        for i in range(len(lower) + 1):
            left, right = lower[:i], lower[i:]
            if right:
                if len(lower) > 3:
                    yield left + right[1:]
                if len(right) > 1:
                    yield left + right[1] + right[0] + right[2:]
            for char in letters:
                if right and char != right[0]:
                    yield left + char + right[1:]
                yield left + char + right

    def is_dictionary_word(self, candidate: str) -> bool:
        return self._dict is not None and bool(self._dict.check(candidate))

    def needs_near_search(self, word: str) -> bool:
        """True when ``misspelled(word)`` would first look up its one-edit neighbours (a
        capitalised word the dictionary lacks, not decided yet)."""
        if self._dict is None or word in self._cache:
            return False
        plain = word.replace("’", "'").strip("'")
        if len(plain) < MIN_LENGTH or not plain[:1].isupper():
            return False
        lower = plain.lower()
        # The language's own dictionary only (a companion is loaded when a word needs it,
        # in misspelled): a word only a companion knows gets a search it does not need.
        return (
            lower not in self._near
            and not self._knows(plain, companions=False)
            and not self._knows(lower, companions=False)
        )

    def remember_near(self, word: str, found: bool) -> None:
        """The outcome of a neighbour search made by the caller (see ``near_candidates``)."""
        self._near[word.replace("’", "'").strip("'").lower()] = found

    def suggest(self, word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """The dictionary's suggestions, best first (cached per word)."""
        if self._dict is None:
            return []
        found = self._suggestions.get(word)
        if found is None:
            try:
                plain = word.replace("’", "'")
                found = list(self._dict.suggest(plain))
                if plain[:1].isupper() and plain[1:].islower():  # Teh: the, then Te, Th, Eh
                    lower = [s[:1].upper() + s[1:] for s in self._dict.suggest(plain.lower())]
                    found = lower + found
                found = list(dict.fromkeys(s for s in found if s != word and " " not in s))
            except Exception as exc:
                _log_once(f"spelling: enchant could not suggest for a word: {exc}")
                found = []
            self._suggestions[word] = found
        return found[:limit]

    def quick_suggest(self, word: str, limit: int = 3, fallback: bool = False) -> list[str]:
        """Dictionary words one edit (or one swap) away, likeliest first: swaps, then a letter
        dropped or doubled, then the rest; the dictionary's own (slower) suggestions when
        there are none, when ``fallback``. What a site-wide check lists, where ``suggest``
        would cost more than the check itself."""
        if self._dict is None:
            return []
        key = (word, limit, fallback)
        if key not in self._quick:
            self._quick[key] = self._quick_suggest(word, limit, fallback)
        return self._quick[key]

    def _quick_suggest(self, word: str, limit: int, fallback: bool) -> list[str]:
        plain = word.replace("’", "'")
        title = plain[:1].isupper() and plain[1:].islower()
        lower = plain.lower() if title else plain
        scored: dict[str, int] = {}
        check = self._dict.check
        letters = sorted(self._letters | set(lower))
        for i in range(len(lower) + 1):
            left, right = lower[:i], lower[i:]
            candidates = []
            if len(right) > 1:
                candidates.append((left + right[1] + right[0] + right[2:], 0))
            if right:
                candidates.append((left + right[1:], 1 if right[1:2] == right[0] else 3))
            for char in letters:
                if right and char != right[0]:
                    candidates.append((left + char + right[1:], 2))
                candidates.append((left + char + right, 1 if char in (left[-1:], right[:1]) else 3))
            for candidate, score in candidates:
                if candidate != lower and len(candidate) > 1 and candidate not in scored:
                    if check(candidate):
                        scored[candidate] = score
        if not scored:
            return self.suggest(word, limit) if fallback else []
        ranked = sorted(scored, key=lambda c: (scored[c], c))[:limit]
        return [c[:1].upper() + c[1:] for c in ranked] if title else ranked

    def ignore(self, word: str) -> None:
        """Accept the word from now on in this speller (Ignore)."""
        self.add_known([word])


def load_dictionaries(tags: Sequence[str]) -> tuple[object, list]:
    """A broker of its own and the dictionaries of those tags that load (a failure is
    logged), for ``Speller.take_companions``. Enchant is called through ctypes, which
    lets other threads run meanwhile: a worker thread loads them while the window
    goes on (about 30-60 ms for en_GB)."""
    enchant, why = _enchant()
    if enchant is None:
        _log_once(f"spelling: companion dictionaries not loaded: {why}")
        return None, []
    broker = enchant.Broker()
    return broker, _request_dictionaries(broker, tags)


def _request_dictionaries(broker: Any, tags: Sequence[str]) -> list:
    """The broker's hunspell dictionaries for tags, those that load (failures logged)."""
    dictionaries = []
    for tag in tags:
        try:
            broker.set_ordering(tag, "hunspell")
            dictionaries.append(broker.request_dict(tag))
        except Exception as exc:
            _log_once(f"spelling: the '{tag}' dictionary could not be loaded: {exc}")
    return dictionaries


def system_language() -> str | None:
    """The language of the system locale (LC_MESSAGES/LANG), e.g. 'en_US'."""
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        tag = normalize_tag((os.environ.get(variable) or "").split(":")[0])
        if tag:
            return tag
    try:
        tag = normalize_tag(_locale.getlocale()[0])
    except ValueError:
        tag = None
    return tag


# Spellers shared within one thread: enchant's dictionaries must not be used by two
# threads at once (the window's background jobs check spelling on threads of their own).
_shared = threading.local()


def open_speller(language: str | None, fallback: str = "en_US") -> Speller:
    """A speller for the language (None: the system's, else ``fallback``), shared by the
    callers on this thread: known words added to it are seen by all of them. Call
    ``new_speller`` for one of your own."""
    return new_speller(language, fallback, shared=True)


def _thread_spellers() -> dict[str, Speller]:
    spellers = getattr(_shared, "spellers", None)
    if spellers is None:
        spellers = _shared.spellers = {}
    return spellers


def new_speller(language: str | None, fallback: str = "en_US", shared: bool = False) -> Speller:
    asked = normalize_tag(language) or system_language() or fallback
    enchant, why = _enchant()
    if enchant is None:
        note = ENABLE_NOTE.format(why=why)
        _log_once(f"spelling: {note}")
        return Speller(None, asked, note)
    tag = resolve_dictionary_tag(asked, available_languages())
    if tag is None:
        note = (
            f"Spell checking is off for '{asked}': no dictionary for it is installed "
            f"(on Debian: apt-get install hunspell-{asked.split('_')[0]})."
        )
        _log_once(f"spelling: {note}", logging.INFO)  # a post in such a language is skipped
        return Speller(None, asked, note)
    if shared and tag in _thread_spellers():
        return _thread_spellers()[tag]
    try:
        broker = enchant.Broker()
        broker.set_ordering(tag, "hunspell")
        dictionary = broker.request_dict(tag)
    except Exception as exc:
        note = ENABLE_NOTE.format(why=f"the '{tag}' dictionary could not be loaded ({exc})")
        _log_once(f"spelling: {note}")
        return Speller(None, tag, note)
    speller = Speller(dictionary, tag)
    speller._broker = broker  # the dictionary lives as long as its broker
    installed = available_languages()
    for companion in COMPANIONS.get(tag.split("_")[0], ()):
        if companion != tag and companion in installed:
            speller._companion_tags.append(companion)  # loaded when first needed
    if shared:
        _thread_spellers()[tag] = speller
    return speller
