"""The benchmark inputs, generated on first use and kept in a work folder.

Sites come from ``tests/core/sitegen.py`` (Jigsaw-style posts modelled on the sample).
Long posts (``long_post``) have the sample's front matter and a body of the requested
word count made of sections with headings, paragraphs with links, emphasis and
footnote references, bullet and numbered lists, fenced code blocks, tables, block
quotes, and the footnote definitions at the end. Everything is deterministic, and a
stamp file lets a second run reuse what the first one wrote.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "core"))

import sitegen  # noqa: E402  (tests/core is not a package)

# The sample's fields; like the sample, each value and the closing "---" end in a space.
_SAMPLE_FIELDS = (
    "extends: _layouts.post",
    "section: content",
    "image: https://images.example.org/2020/09/30/33798678-0-image.jpg",
    "title: A long read on the harbour council and the city budget",
    "description: Everything the council decided this year, with the figures and the votes.",
    "date: 2020-09-30-07-25-20",
    "categories: [latest, news]",
    "featured: true",
)
SAMPLE_FRONT_MATTER = "---\n" + "".join(f"{line} \n" for line in _SAMPLE_FIELDS) + "--- \n"

INPUTS_VERSION = "1"  # bump when the long-post generator below changes its output
_WORDS = sitegen._BODY_WORDS
_CODE = '''```python
def budget(lines):
    """Sum the council budget lines."""
    total = 0
    for name, amount in lines:
        total += amount
    return total
```'''


def _stamp(*parts: object) -> str:
    digest = hashlib.sha256((REPO / "tests" / "core" / "sitegen.py").read_bytes())
    digest.update(INPUTS_VERSION.encode())
    digest.update(repr(parts).encode())
    return digest.hexdigest()[:16]


def site(work: Path, n_posts: int) -> Path:
    """The root of a generated n_posts site under work (generated once)."""
    root = work / f"site-{n_posts}"
    stamp = root / ".bench-stamp"
    expected = _stamp("site", n_posts)
    if stamp.exists() and stamp.read_text() == expected:
        return root
    shutil.rmtree(root, ignore_errors=True)
    sitegen.generate_site(root, n_posts, seed=n_posts)
    stamp.write_text(expected)
    return root


def post_files(root: Path) -> list[Path]:
    return sorted((root / sitegen.POSTS_DIR).glob("*.md"))


def _sentence(rng: random.Random, footnotes: list[int]) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 18))
    roll = rng.random()
    if roll < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{words[i]}/{rng.randrange(1000)})"
    elif roll < 0.25:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    elif roll < 0.30:
        footnotes.append(len(footnotes) + 1)
        words[-1] += f"[^{len(footnotes)}]"
    return " ".join(words).capitalize() + "."


def _count(text: str) -> int:
    return len(text.split())


def long_body(words: int, seed: int = 7) -> str:
    """A Markdown body of about ``words`` words with every common construct."""
    rng = random.Random(seed)
    footnotes: list[int] = []
    blocks: list[str] = []
    total = 0
    section = 0
    while total < words:
        section += 1
        blocks.append(f"## Section {section}: {' '.join(rng.sample(_WORDS, 4)).capitalize()}")
        for _ in range(rng.randint(3, 6)):
            blocks.append(" ".join(_sentence(rng, footnotes) for _ in range(rng.randint(3, 6))))
        kind = section % 5
        if kind == 0:
            blocks.append(
                "\n".join(f"- {_sentence(rng, footnotes)}" for _ in range(rng.randint(3, 6)))
            )
        elif kind == 1:
            blocks.append(
                "\n".join(f"{i}. {_sentence(rng, footnotes)}" for i in range(1, rng.randint(4, 7)))
            )
        elif kind == 2:
            blocks.append(_CODE)
        elif kind == 3:
            rows = [
                f"| {rng.choice(_WORDS)} | {rng.randint(1, 999)} | {rng.choice(_WORDS)} |"
                for _ in range(rng.randint(3, 6))
            ]
            blocks.append("| item | amount | note |\n|---|---:|---|\n" + "\n".join(rows))
        else:
            blocks.append("> " + _sentence(rng, footnotes))
        if section % 4 == 0:
            blocks.append(f"### Details {section}")
        total = sum(_count(b) for b in blocks)
    body = "\n\n".join(blocks)
    notes = "\n".join(f"[^{n}]: {_sentence(rng, [])}" for n in footnotes)
    return body + "\n\n" + notes + "\n"


def long_post(work: Path, words: int) -> Path:
    """A post file with the sample's front matter and a ``words``-word body."""
    path = work / "posts" / f"2020-09-30-long-read-{words}.md"
    stamp = path.with_suffix(".stamp")
    expected = _stamp("post", words)
    if path.exists() and stamp.exists() and stamp.read_text() == expected:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SAMPLE_FRONT_MATTER + long_body(words), encoding="utf-8", newline="\n")
    stamp.write_text(expected)
    return path


def sample_post() -> Path:
    """The sample post (from the shared folder, else the example site's first post)."""
    shared = REPO.parent / "shared" / "samples" / "2020-09-30-ice-sanctuary-cities.md"
    if shared.exists():
        return shared
    return sorted((REPO / "examples" / "news-site").rglob("*.md"))[0]
