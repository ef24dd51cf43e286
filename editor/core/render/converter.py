"""Python-Markdown set up the way Masthead renders, and the hooks incremental rendering needs.

``new_markdown`` is the converter for blog posts (extra, toc, codehilite with
Pygments). ``context_markdown`` adds what converting one block at a time
needs: the document's definitions injected before conversion, footnote
references numbered document-wide with placeholder ids, heading ids marked so
``render_incremental`` can make them unique across the whole body.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import Counter, OrderedDict
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.extensions.toc import slugify
from markdown.treeprocessors import InlineProcessor, Treeprocessor

MARKDOWN_EXTENSIONS = ("extra", "toc", "codehilite")
CODEHILITE_CONFIG = {"css_class": "codehilite", "guess_lang": False, "use_pygments": True}

# Auto heading ids are first written as <U+E000>slug<U+E001> so the document-wide pass
# can find them: slugify only yields ASCII, and Python-Markdown's own placeholders use
# STX/ETX, so these private-use characters cannot clash.  Footnote reference ids are
# written as fnref<U+E002>n<U+E003>, n counting the references of one block.
ID_OPEN, ID_CLOSE = "\ue000", "\ue001"
REF_OPEN, REF_CLOSE = "\ue002", "\ue003"


def new_markdown(*, slugify_function: Callable[[str, str], str] = slugify) -> markdown.Markdown:
    """A Python-Markdown converter with the blog extensions Masthead renders with."""
    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, _IdRecorderExtension()],
        extension_configs={
            "codehilite": dict(CODEHILITE_CONFIG),
            "toc": {"slugify": slugify_function},
        },
        output_format="html",
    )


def marked_slugify(value: str, separator: str) -> str:
    return f"{ID_OPEN}{slugify(value, separator)}{ID_CLOSE}"


def context_markdown(*, footnotes_list: bool) -> markdown.Markdown:
    """A converter for one block (or, with `footnotes_list`, for the footnotes list)."""
    md = new_markdown(slugify_function=marked_slugify)
    _DocumentContextExtension(footnotes_list=footnotes_list).extendMarkdown(md)
    return md


class _RecordingDict(dict):
    """The abbreviation table, logging every definition and removal in order."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str | None]] = []

    def __setitem__(self, key, value) -> None:
        self.log.append((key, value))
        super().__setitem__(key, value)

    def pop(self, key, *default):
        self.log.append((key, None))
        return super().pop(key, *default)


class _GenerationTrackingInline(InlineProcessor):
    """Python-Markdown's inline pass, noting which generation of its walk is running.

    `run` pops (element, parents) pairs breadth first and assigns ``self.ancestors``
    once per pop: the root first (generation 0), then elements whose generation is one
    more than the length of their parents list.
    """

    generation = 0
    _pops = 0

    @property
    def ancestors(self) -> list[str]:
        return self._ancestors

    @ancestors.setter
    def ancestors(self, value: list[str]) -> None:
        self._ancestors = value
        self.generation = 0 if self._pops == 0 else len(value) + 1
        self._pops += 1

    def run(self, tree, ancestors=None):
        self._pops = 0
        return super().run(tree, ancestors)


class _PlaceholderFootnoteReferences(FootnoteInlineProcessor):
    """A footnote reference with its document-wide number and a placeholder id."""

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        footnote_id = m.group(1)
        number = self.md.masthead_footnote_numbers.get(footnote_id)
        if number is None:
            return None, None, None
        refs = self.md.masthead_footnote_refs
        generation = self.md.treeprocessors["inline"].generation
        sup = etree.Element("sup")
        link = etree.SubElement(sup, "a")
        sup.set("id", f"fnref{REF_OPEN}{len(refs)}{REF_CLOSE}")
        link.set("href", "#" + self.footnotes.makeFootnoteId(footnote_id))
        link.set("class", "footnote-ref")
        link.text = self.footnotes.getConfig("SUPERSCRIPT_TEXT").format(number)
        refs.append((generation, footnote_id))
        return sup, m.start(0), m.end(0)


class _ContextInjector(Treeprocessor):
    """Before anything reads them, replace the block's own definitions by the document's."""

    def run(self, root):
        context = self.md.masthead_context  # a render_incremental._Context, or None
        if context is None:
            return
        self.md.references.clear()
        self.md.references.update(context.references)
        abbreviations = self.md.masthead_abbreviations
        dict.clear(abbreviations)
        dict.update(abbreviations, context.abbreviations)
        footnotes = self.md.masthead_footnotes
        footnotes.footnotes = OrderedDict(context.footnotes)


class _DuplicateCounts(Treeprocessor):
    """After the inline pass: how often each footnote is referenced in the whole body."""

    def run(self, root):
        counts = Counter(dict(self.md.masthead_context.body_reference_counts))
        counts.update(fid for _generation, fid in self.md.masthead_footnote_refs)
        footnotes = self.md.masthead_footnotes
        footnotes.found_refs = {footnotes.makeFootnoteRefId(fid): n for fid, n in counts.items()}


class _DocumentContextExtension(Extension):
    def __init__(self, *, footnotes_list: bool) -> None:
        super().__init__()
        self._footnotes_list = footnotes_list

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        footnotes = next(e for e in md.registeredExtensions if isinstance(e, FootnoteExtension))
        md.masthead_footnotes = footnotes
        md.masthead_context = None
        md.masthead_footnote_numbers = {}
        md.masthead_footnote_refs = []
        abbreviations = _RecordingDict()
        md.masthead_abbreviations = abbreviations
        for extension in md.registeredExtensions:
            if hasattr(extension, "abbrs") and hasattr(extension, "glossary"):
                extension.abbrs = abbreviations
        md.treeprocessors["abbr"].abbrs = abbreviations
        md.parser.blockprocessors["abbr"].abbrs = abbreviations
        md.treeprocessors.register(_GenerationTrackingInline(md), "inline", 20)
        references = _PlaceholderFootnoteReferences(r"\[\^([^\]]*)\]", footnotes)
        references.md = md
        md.inlinePatterns.register(references, "footnote", 175)
        md.treeprocessors.register(_ContextInjector(md), "masthead_context", 100)
        if self._footnotes_list:
            md.treeprocessors.register(_DuplicateCounts(md), "masthead_duplicates", 16)
        else:  # a block never builds the footnotes list: it is rendered on its own
            md.treeprocessors.deregister("footnote")
            md.treeprocessors.deregister("footnote-duplicate")


class _IdRecorder(Treeprocessor):
    """Records ids present before toc runs (explicit ones, which toc never renames)."""

    def run(self, root):
        self.md.masthead_explicit_ids = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}


class _IdRecorderExtension(Extension):
    def extendMarkdown(self, md):
        md.masthead_explicit_ids = set()
        # attr_list runs at 8 and toc at 5: record in between.
        md.treeprocessors.register(_IdRecorder(md), "masthead_id_recorder", 6)
