"""Which values of a field are near-duplicates of each other (``JavaScript``, ``javascript``,
``java-script``; ``colour``, ``color``; ``tag``, ``tags``).

Two values are taken for the same word when

- their *folded* forms are equal: case folded, accents dropped, and spaces, hyphens,
  underscores and punctuation removed (``+``, ``#``, ``&`` and ``@`` are kept, so ``c``,
  ``c++`` and ``c#`` stay apart);
- or their folded forms are both at least ``MIN_TYPO_LENGTH`` characters long and one
  edit apart (a letter added, dropped, changed, or two neighbours swapped), found
  through an index of one-letter deletions rather than by comparing every pair; a
  difference in digits is no typo (``python2``, ``python3``, ``es2015`` stay apart);
- or one folded form is the other plus ``s`` or ``es`` (a plural), the shorter at least
  three characters long.

Groups are closed under these links (``colour`` – ``color`` – ``colors``). Pure Python,
no I/O: the taxonomy manager shows the groups, the user decides what to merge.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Iterable

MIN_TYPO_LENGTH = 5
MIN_PLURAL_STEM = 3
_KEPT_SYMBOLS = frozenset("+#&@")


def fold(value: object) -> str:
    """The form two spellings of one word share (see the module docstring)."""
    text = unicodedata.normalize("NFKD", str(value).casefold())
    kept = "".join(
        ch for ch in text if (ch.isalnum() or ch in _KEPT_SYMBOLS) and not unicodedata.combining(ch)
    )
    return kept or text.strip()


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped, changed, or two neighbouring
    letters swapped (an optimal-string-alignment distance of at most one)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:
        return True  # one letter changed
    return (
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


def _digits(word: str) -> str:
    return "".join(ch for ch in word if ch.isdigit())


def _plural_of(longer: str, shorter: str) -> bool:
    if len(shorter) < MIN_PLURAL_STEM:
        return False
    return longer == shorter + "s" or longer == shorter + "es"


def similar_groups(
    values: Iterable[Hashable], text: Callable[[Hashable], object] = str
) -> list[list[Hashable]]:
    """The groups of two or more near-duplicate values, each in the order the values
    came, the groups in the order of their first value. ``text`` gives the words
    compared (by default each value as text)."""
    values = list(dict.fromkeys(values))
    by_fold: dict[str, list[int]] = {}
    for index, value in enumerate(values):
        by_fold.setdefault(fold(text(value)), []).append(index)
    parent = list(range(len(values)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for indexes in by_fold.values():
        for other in indexes[1:]:
            union(indexes[0], other)
    folds = list(by_fold)
    # One-letter deletions: two words one edit apart share a deletion (or one is the
    # other's deletion), so only words sharing one are compared.
    # Digits are never deleted: words that differ in a digit are no typos of each other.
    deletions: dict[str, list[str]] = {}
    for word in folds:
        if len(word) < MIN_TYPO_LENGTH - 1:
            continue
        variants = {word} | {
            word[:i] + word[i + 1 :] for i in range(len(word)) if not word[i].isdigit()
        }
        for variant in variants:
            deletions.setdefault(variant, []).append(word)
    for words in deletions.values():
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if (
                    min(len(a), len(b)) >= MIN_TYPO_LENGTH
                    and one_edit_apart(a, b)
                    and _digits(a) == _digits(b)
                ):
                    union(by_fold[a][0], by_fold[b][0])
    for word in folds:
        for ending in ("s", "es"):
            stem = word[: -len(ending)]
            if word.endswith(ending) and stem in by_fold and _plural_of(word, stem):
                union(by_fold[word][0], by_fold[stem][0])
    groups: dict[int, list[Hashable]] = {}
    for index, value in enumerate(values):
        groups.setdefault(find(index), []).append(value)
    return [group for group in groups.values() if len(group) > 1]
