"""What start-up and helper processes import: only what they use."""

from __future__ import annotations

import subprocess
import sys


def imported_after(statement: str, modules: list[str]) -> dict[str, bool]:
    code = f"import sys\n{statement}\nprint(*[m in sys.modules for m in {modules!r}])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(zip(modules, [word == "True" for word in out.stdout.split()], strict=True))


def test_the_render_worker_does_not_import_the_post_model():
    seen = imported_after("import editor.core.render.worker", ["editor.core.post.model", "yaml"])
    assert seen == {"editor.core.post.model": False, "yaml": False}


def test_the_post_model_imports_tomlkit_only_to_edit_toml():
    seen = imported_after("import editor.core.post.model", ["editor.core.post.model", "tomlkit"])
    assert seen == {"editor.core.post.model": True, "tomlkit": False}
    seen = imported_after(
        "from editor import Post\nPost.from_bytes(b'+++\\ntitle = \"a\"\\n+++\\nbody\\n')"
        ".set('title', 'b')",
        ["tomlkit"],
    )
    assert seen == {"tomlkit": True}


def test_the_scripting_names_still_come_from_the_package():
    from editor import Post, PostError
    from editor.core.errors import PostError as CorePostError
    from editor.core.post.model import Post as CorePost

    assert Post is CorePost and PostError is CorePostError
