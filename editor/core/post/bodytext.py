"""BodyCodec: a post body as a text widget holds it, and back, exactly.

Text widgets (QTextDocument) turn every line ending and U+2029 into a block
separator. The codec remembers the body's own line endings so the text a
widget gives back becomes the same bytes again. ``editor_text_of_file`` is that text
for a post file's bytes, found without parsing its front matter (the window's first
frame shows it before the YAML library loads).
"""

from __future__ import annotations

import difflib
import re

from editor.core.errors import PostError
from editor.core.post.pieces import decode, split

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2029")


class BodyCodec:
    """Maps a post body to the text a QTextDocument can hold, and back, exactly.

    Qt keeps tabs, NBSP, U+2028 and trailing spaces, but turns CR LF, CR and
    U+2029 into block separators. A body whose line endings are all the same is
    decoded by replacing '\\n' with that ending; a body with mixed endings keeps
    each unchanged line's own ending through a line diff.
    """

    def __init__(self, body: str, default_newline: str = "\n") -> None:
        self.original = body
        endings = set(_LINE_BREAK.findall(body))
        self.uniform = len(endings) <= 1
        self.newline = endings.pop() if len(endings) == 1 else default_newline
        if not self.uniform:
            self.newline = _most_common_ending(body, default_newline)
        self.bom = "\ufeff" if body.startswith("\ufeff") else ""
        text = body[len(self.bom) :]
        self.editor_text = _LINE_BREAK.sub("\n", text)

    def decode(self, editor_text: str) -> str:
        """The body for the post, given the editor's text (lines separated by '\\n')."""
        if editor_text == self.editor_text:
            return self.original
        if self.uniform:
            body = editor_text if self.newline == "\n" else editor_text.replace("\n", self.newline)
            return self.bom + body
        return self.bom + self._decode_mixed(editor_text)

    def _decode_mixed(self, editor_text: str) -> str:
        old_lines = self.editor_text.split("\n")
        old_endings = _LINE_BREAK.findall(self.original) + [""]
        new_lines = editor_text.split("\n")
        endings = [self.newline] * (len(new_lines) - 1) + [""]
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
                for offset in range(b1 - b0):
                    if b0 + offset < len(new_lines) - 1 and old_endings[a0 + offset]:
                        endings[b0 + offset] = old_endings[a0 + offset]
        return "".join(line + ending for line, ending in zip(new_lines, endings, strict=True))


def _most_common_ending(body: str, default: str) -> str:
    counts: dict[str, int] = {}
    for ending in _LINE_BREAK.findall(body):
        counts[ending] = counts.get(ending, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else default


def editor_text_of_file(data: bytes) -> str:
    """The body of the post file with these bytes as the body editor holds it (what
    ``BodyCodec(post.body).editor_text`` gives once the post is parsed); "" for bytes that
    are not a post whose body can be found (the parsed post then says why)."""
    try:
        body = split(decode(data)).body
    except PostError:
        return ""
    return BodyCodec(body).editor_text
