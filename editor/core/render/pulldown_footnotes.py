"""Zola's ``bottom_footnotes``: footnotes listed at the end of the body, GitHub's way.

A port of ``convert_footnotes_to_github_style`` in Zola's components/markdown: each
reference becomes ``<sup class="footnote-reference" id="fr-NAME-K"><a href="#fn-NAME">N</a>
</sup>`` (N in the order footnotes are first referenced, K counting that footnote's
references), the definitions leave the flow, and the ones referenced are listed at the
end in a ``<section class="footnotes">``, each with its back-links in its last paragraph.

`move_footnotes` works on the top-level blocks' events of
`editor.core.render.pulldown.parse`, which it calls when the dialect asks for it.
"""

from __future__ import annotations

from typing import Any

FOOTNOTE_END = {"End": "FootnoteDefinition"}
PARAGRAPH_END = {"End": "Paragraph"}


class FootnoteMover:
    """Carries the numbering and the moved definitions from block to block."""

    def __init__(self) -> None:
        self.numbers: dict[str, list[int]] = {}  # name -> [number, references so far]
        self._open: list[list[Any]] = []  # definitions being read (they can nest)
        self._bodies: list[list[Any]] = []

    def move(self, events: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
        """A block's events with its definitions taken out and its references written,
        and what they depend on from elsewhere (the references' numbers)."""
        out: list[Any] = []
        depends: list[Any] = []
        for event in events:
            if type(event) is dict:
                if "Start" in event:
                    tag = event["Start"]
                    if type(tag) is dict and "FootnoteDefinition" in tag:
                        self._open.append([event])
                        continue
                elif event == FOOTNOTE_END:
                    body = self._open.pop()
                    body.append(event)
                    self._bodies.append(body)
                    continue
                elif "FootnoteReference" in event:
                    name = event["FootnoteReference"]
                    counts = self.numbers.setdefault(name, [len(self.numbers) + 1, 0])
                    counts[1] += 1
                    depends.append((name, *counts))
                    event = {
                        "Html": f'<sup class="footnote-reference" id="fr-{name}-{counts[1]}">'
                        f'<a href="#fn-{name}">{counts[0]}</a></sup>'
                    }
            (self._open[-1] if self._open else out).append(event)
        return out, depends

    def footnotes(self) -> list[Any] | None:
        """The list at the end (None: the body defines no footnote)."""
        if not self._bodies:
            return None
        events: list[Any] = [{"Html": '<section class="footnotes">\n<ol class="footnotes-list">\n'}]
        listed = [b for b in self._bodies if self.numbers.get(_name(b), (0, 0))[1] != 0]
        listed.sort(key=lambda body: self.numbers[_name(body)][0])
        for body in listed:
            name = _name(body)
            events.append({"Html": f'<li id="fn-{name}">'})
            written = False
            for index, event in enumerate(body[1:], start=1):
                if (
                    not written
                    and index >= len(body) - 2
                    and event in (FOOTNOTE_END, PARAGRAPH_END)
                ):
                    links = "".join(
                        f' <a href="#fr-{name}-{k}">\u21a9{k if k > 1 else ""}</a>'
                        for k in range(1, self.numbers[name][1] + 1)
                    )
                    end = "</li>\n" if event == FOOTNOTE_END else "</p>\n"
                    events.append({"Html": links + end})
                    written = True
                elif event == FOOTNOTE_END:
                    events.append({"Html": "</li>\n"})
                else:
                    events.append(event)
        events.append({"Html": "</ol>\n</section>\n"})
        return events


def _name(body: list[Any]) -> str:
    return body[0]["Start"]["FootnoteDefinition"]
