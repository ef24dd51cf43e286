"""The real renderers, from Debian packages, for the conformance tests.

Each oracle renders a list of Markdown bodies and returns their HTML, or raises
`Missing` (with the reason) when its engine is not installed.  ``.ci/run`` installs
them: hugo, ruby-kramdown + ruby-kramdown-parser-gfm, node-markdown-it, cmark-gfm,
php-cli + php-xml (with ../shared/oracles/michelf-php-markdown).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
MICHELF = SHARED / "oracles" / "michelf-php-markdown"


class Missing(RuntimeError):
    """The engine is not installed here."""


def _need(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise Missing(f"{program} not found (Debian package {package})")
    return found


def _run(command: list[str], text: str, **kwargs) -> str:
    return subprocess.run(
        command, input=text, capture_output=True, text=True, check=True, timeout=120, **kwargs
    ).stdout


def hugo(bodies: list[str]) -> list[str]:
    """Goldmark with Hugo's defaults, through one throwaway site build."""
    program = _need("hugo", "hugo")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "hugo.toml").write_text('baseURL = "http://example.org/"\n')
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}")
        (site / "content").mkdir()
        for index, body in enumerate(bodies):
            (site / "content" / f"p{index}.md").write_text(f"---\ntitle: p{index}\n---\n{body}")
        subprocess.run(
            [program, "--quiet", "-d", "out", "--disableKinds", "taxonomy,term,RSS,sitemap"],
            cwd=site,
            check=True,
            capture_output=True,
            timeout=300,
        )
        return [
            (site / "out" / f"p{i}" / "index.html").read_text(encoding="utf-8")
            for i in range(len(bodies))
        ]


_KRAMDOWN = """
require 'json'; require 'kramdown'; require 'kramdown-parser-gfm'
JSON.parse(STDIN.read).each do |body|
  puts JSON.generate(Kramdown::Document.new(body, input: 'GFM', hard_wrap: false,
    syntax_highlighter: nil).to_html)
end
"""


def kramdown(bodies: list[str]) -> list[str]:
    """kramdown with GFM input, as Jekyll sets it up."""
    _need("ruby", "ruby-kramdown")
    try:
        out = _run(["ruby", "-e", _KRAMDOWN], json.dumps(bodies))
    except subprocess.CalledProcessError as error:
        raise Missing(f"kramdown did not run: {error.stderr.strip()[:200]}") from error
    return [json.loads(line) for line in out.splitlines()]


_MARKDOWN_IT = """
const md = require('markdown-it')({html: true}).disable('code');
const bodies = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(bodies.map((b) => md.render(b))));
"""


def markdown_it_js(bodies: list[str]) -> list[str]:
    """markdown-it as Eleventy sets it up (html on, indented code off)."""
    _need("node", "nodejs")
    try:
        out = _run(
            ["node", "-e", _MARKDOWN_IT], json.dumps(bodies), env={"NODE_PATH": "/usr/share/nodejs"}
        )
    except subprocess.CalledProcessError as error:
        raise Missing(
            f"markdown-it did not run (node-markdown-it): {error.stderr[:200]}"
        ) from error
    return json.loads(out)


def cmark_gfm(bodies: list[str]) -> list[str]:
    program = _need("cmark-gfm", "cmark-gfm")
    command = [program, "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"]
    return [_run(command, body) for body in bodies]


_PHP = """
require "Michelf/MarkdownInterface.php"; require "Michelf/Markdown.php";
require "Michelf/MarkdownExtra.php";
$p = new \\Michelf\\MarkdownExtra(); $p->code_class_prefix = "language-";
$out = [];
foreach (json_decode(stream_get_contents(STDIN)) as $body) { $out[] = $p->transform($body); }
echo json_encode($out);
"""


def php_markdown_extra(bodies: list[str]) -> list[str]:
    """PHP Markdown Extra as Jigsaw sets it up."""
    _need("php", "php-cli")
    if not MICHELF.is_dir():
        raise Missing(f"{MICHELF} not found")
    try:
        out = _run(["php", "-r", _PHP], json.dumps(bodies), cwd=MICHELF)
    except subprocess.CalledProcessError as error:
        raise Missing(f"php did not run (php-cli, php-xml): {error.stderr[:200]}") from error
    return json.loads(out)


def pulldown_cmark_zola(bodies: list[str]) -> list[str]:
    """pulldown-cmark (the pyromark wheel, which Zola's preview renders with) as
    ``pyromark.html`` writes it, with the options Zola's
    components/markdown/src/markdown.rs sets: tables, footnotes, strikethrough, task
    lists and heading attributes (smart punctuation and definition lists are off by
    default). Zola adds the heading ids itself, after pulldown-cmark: the comparison
    leaves them out (`without_heading_ids`); the ids are Zola's slugify, tested in
    tests/core/render."""
    try:
        import pyromark
    except ImportError as error:
        raise Missing("pyromark not installed (pip install -e .)") from error
    options = (
        pyromark.Options.ENABLE_TABLES
        | pyromark.Options.ENABLE_FOOTNOTES
        | pyromark.Options.ENABLE_STRIKETHROUGH
        | pyromark.Options.ENABLE_TASKLISTS
        | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    )
    return [pyromark.html(body, options=options) for body in bodies]


# -- normalising ----------------------------------------------------------------------

_HIGHLIGHT_SPAN = re.compile(r"</?span[^>]*>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACE = re.compile(r"\s+")
_CODE_ATTRS = re.compile(r"<(pre|code)\b[^>]*>")
_HIGHLIGHT_WRAPPER = re.compile(
    r'<div class="(?:highlight|codehilite)">\s*(<pre\b.*?</pre>)\s*</div>', re.DOTALL
)
_ALIGN = re.compile(r'(?:align="(\w+)"|style="text-align:\s*(\w+);?")')


_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?) id="[^"]*"')


def without_heading_ids(text: str) -> str:
    """The HTML with the headings' id attributes left out."""
    return _HEADING_ID.sub(r"\1", text)


def normalise(text: str) -> str:
    """HTML compared up to whitespace, entities, void-tag slashes and highlighting.

    Also the same for a browser: table alignment as ``align`` or as a style.
    """

    def plain_code(match: re.Match[str]) -> str:
        block = _HIGHLIGHT_SPAN.sub("", match.group(0))
        return _CODE_ATTRS.sub(lambda m: f"<{m.group(1)}>", block)

    text = _HIGHLIGHT_WRAPPER.sub(r"\1", text)
    text = _PRE.sub(plain_code, text)
    text = _ALIGN.sub(lambda m: f'style="text-align:{m.group(1) or m.group(2)}"', text)
    serializer = _Canonical()
    serializer.feed(text)
    serializer.close()
    text = "".join(serializer.out)
    text = _BETWEEN_TAGS.sub("><", text.strip())
    return _SPACE.sub(" ", text)


class _Canonical(HTMLParser):
    """Tags with sorted attributes, entities decoded, void tags without a slash."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _tag(self, tag, attrs) -> str:
        parts = "".join(f' {k}="{v or ""}"' for k, v in sorted(attrs))
        return f"<{tag}{parts}>"

    def handle_starttag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs))

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")
