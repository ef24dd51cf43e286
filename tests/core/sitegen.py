"""A generator of Jigsaw-style sites for tests and benchmarks, modelled on the sample post.

``generate_site(root, n_posts)`` writes ``config.php``, ``source/_posts/<date>-<slug>.md``
posts (``extends``, ``section``, ``image``, ``title``, ``description``,
``date: 2020-09-30-07-25-20``, ``categories: [a, b]``, ``featured``) with trailing
spaces after values like the sample, a few local images under
``source/assets/images``, and Markdown bodies of a few kilobytes. It is deterministic
for a given seed and writes 10,000 posts in a few seconds.

``plant`` names problems to put into distinct posts (see ``PLANTABLE``, named after the
check codes); the returned ``GeneratedSite.planted`` maps each to the relative paths
that carry it. Length limits are opt-in, so planting a length problem also writes a
``masthead.toml`` that sets them (``[limits] title = 60, description = 160``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

PLANTABLE = (
    "parse-error",
    "missing-field",
    "type-mismatch",
    "date-format",
    "unknown-value",
    "duplicate-title",
    "duplicate-slug",
    "title-too-long",
    "description-too-long",
    "missing-image",
)

CATEGORIES = (
    "latest",
    "news",
    "politics",
    "world",
    "sport",
    "science",
    "health",
    "business",
    "travel",
    "culture",
)
N_IMAGES = 24
POSTS_DIR = "source/_posts"
IMAGES_DIR = "source/assets/images"

_WORDS = (
    "harbour council city river bridge market school station library museum festival "
    "ferry summer winter budget plan vote report storm garden street tower park island "
    "mayor court hospital railway farm forest village coast airport theatre factory "
    "workers students nurses residents drivers farmers teachers voters artists engineers "
    "opens closes returns expands delays approves rejects celebrates rebuilds reviews "
    "new old quiet busy long short early late local national northern southern annual"
).split()
_BODY_WORDS = (
    _WORDS
    + (
        "the a of and to in on for with after before during while because although the "
        "officials said that residents will would could many few more less every week month "
        "year morning evening plans were was is are have has been by from at as it its"
    ).split()
)


@dataclass
class GeneratedSite:
    root: Path
    posts: list[Path] = field(default_factory=list)
    planted: dict[str, list[str]] = field(default_factory=dict)  # problem -> rel paths

    @property
    def posts_dir(self) -> Path:
        return self.root / POSTS_DIR


def _sentence(rng: random.Random, n_min: int, n_max: int) -> str:
    words = rng.choices(_BODY_WORDS, k=rng.randint(n_min, n_max))
    return " ".join(words).capitalize() + "."


def _paragraph_pool(rng: random.Random, size: int = 300) -> list[str]:
    return [" ".join(_sentence(rng, 8, 20) for _ in range(rng.randint(2, 5))) for _ in range(size)]


def _unique_title(rng: random.Random, seen: set[str]) -> str:
    while True:
        words = rng.sample(_WORDS, rng.randint(4, 7))
        title = " ".join(words).capitalize()
        if title not in seen and len(title) <= 58:
            seen.add(title)
            return title


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def _front_matter(fields: list[tuple[str, str]]) -> str:
    # Trailing spaces after each value and after the closing delimiter, like the sample.
    lines = ["---"] + [f"{key}: {value} " for key, value in fields] + ["--- "]
    return "\n".join(lines) + "\n"


def generate_site(
    root: str | Path,
    n_posts: int = 100,
    seed: int = 0,
    plant: tuple[str, ...] | list[str] = (),
    paragraphs: tuple[int, int] = (4, 10),
) -> GeneratedSite:
    """Write a site with n_posts posts under root; see the module docstring."""
    unknown = set(plant) - set(PLANTABLE)
    if unknown:
        raise ValueError(f"unknown problems to plant: {sorted(unknown)}")
    if len(plant) * 2 + 2 > n_posts:
        raise ValueError("too few posts to plant each problem in its own post")
    rng = random.Random(seed)
    site = GeneratedSite(Path(root))
    posts_dir = site.root / POSTS_DIR
    posts_dir.mkdir(parents=True, exist_ok=True)
    images_dir = site.root / IMAGES_DIR
    images_dir.mkdir(parents=True, exist_ok=True)
    (site.root / "config.php").write_text("<?php\n\nreturn [\n    'production' => false,\n];\n")
    (site.root / ".gitignore").write_text("/build_*\n/node_modules\n/vendor\n")
    if {"title-too-long", "description-too-long"} & set(plant):
        (site.root / "masthead.toml").write_text("[limits]\ntitle = 60\ndescription = 160\n")
    for k in range(N_IMAGES):
        (images_dir / f"photo-{k:02d}.jpg").write_bytes(b"\xff\xd8\xff\xe0fake-jpeg")

    pool = _paragraph_pool(rng)
    titles: set[str] = set()
    when = datetime(2015, 1, 1, 6, 0, 0)
    # Planted posts sit at fixed, spread-out positions; each problem gets its own post.
    targets = {name: (i * 2 + 1) * n_posts // (len(plant) * 2 + 2) for i, name in enumerate(plant)}
    by_position = {pos: name for name, pos in targets.items()}
    rels: list[str] = []
    titles_by_pos: list[str] = []
    slugs_by_pos: list[str] = []
    for i in range(n_posts):
        when += timedelta(minutes=rng.randint(30, 900), seconds=rng.randint(0, 59))
        title = _unique_title(rng, titles)
        slug = _slug(title)
        date_text = when.strftime("%Y-%m-%d-%H-%M-%S")
        image = (
            f"/assets/images/photo-{rng.randrange(N_IMAGES):02d}.jpg"
            if rng.random() < 0.5
            else f"https://images.example.org/{when:%Y/%m/%d}/{rng.randrange(10**9)}.jpg"
        )
        description = " ".join(_sentence(rng, 8, 18) for _ in range(2))[:150].rstrip()
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        fields = [
            ("extends", "_layouts.post"),
            ("section", "content"),
            ("image", image),
            ("title", title),
            ("description", description),
            ("date", date_text),
            ("categories", "[" + ", ".join(cats) + "]"),
            ("featured", "true" if rng.random() < 0.2 else "false"),
        ]
        problem = by_position.get(i)
        raw_prefix = ""
        if problem == "missing-field":
            fields = [f for f in fields if f[0] != "description"]
        elif problem == "type-mismatch":
            fields = [(k, "[yes]" if k == "featured" else v) for k, v in fields]
        elif problem == "date-format":
            fields = [(k, when.strftime("%Y-%m-%d") if k == "date" else v) for k, v in fields]
        elif problem == "unknown-value":
            fields = [(k, "[latest, nwes]" if k == "categories" else v) for k, v in fields]
        elif problem == "duplicate-title":
            title = titles_by_pos[i - 1]
            fields = [(k, title if k == "title" else v) for k, v in fields]
        elif problem == "duplicate-slug":
            slug = slugs_by_pos[i - 1]
            when += timedelta(days=2)  # another day, so the file name differs
            date_text = when.strftime("%Y-%m-%d-%H-%M-%S")
            fields = [(k, date_text if k == "date" else v) for k, v in fields]
        elif problem == "title-too-long":
            title = (title + " and " + " ".join(rng.sample(_WORDS, 12)))[:90]
            fields = [(k, title if k == "title" else v) for k, v in fields]
        elif problem == "description-too-long":
            long_text = " ".join(_sentence(rng, 12, 18) for _ in range(6))[:230]
            fields = [(k, long_text if k == "description" else v) for k, v in fields]
        elif problem == "missing-image":
            fields = [
                (k, "/assets/images/no-such-photo.jpg" if k == "image" else v) for k, v in fields
            ]
        elif problem == "parse-error":
            raw_prefix = "title: [unclosed, flow\n"
        name = f"{date_text[:10]}-{slug}.md"
        rel = f"{POSTS_DIR}/{name}"
        text = _front_matter(fields)
        if raw_prefix:
            text = "---\n" + raw_prefix + text[4:]
        body = "\n\n".join(rng.choices(pool, k=rng.randint(*paragraphs)))
        path = posts_dir / name
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text + body + "\n")
        site.posts.append(path)
        rels.append(rel)
        titles_by_pos.append(title)
        slugs_by_pos.append(slug)
        if problem:
            site.planted[problem] = [rel]
    for problem in ("duplicate-title", "duplicate-slug"):
        if problem in targets:
            site.planted[problem].insert(0, rels[targets[problem] - 1])
    return site


VICTIM = b"root:x:0:0:root:/root:/bin/bash\n"  # what a link out of a site must never overwrite


def site_with_links(tmp_path: Path, post: bytes) -> Path:
    """site/ with posts/inside.md, a link to it inside the site (in-link.md), and a link
    (out-link.md) to ../outside/victim.md, a file outside the site holding VICTIM."""
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "masthead.toml").write_text("")
    (root / "posts" / "inside.md").write_bytes(post)
    (root / "posts" / "in-link.md").symlink_to(root / "posts" / "inside.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.md").write_bytes(VICTIM)
    (root / "posts" / "out-link.md").symlink_to("../../outside/victim.md")
    return root
