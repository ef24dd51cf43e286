"""Many drops and pastes into one folder, against a plain model: nothing is ever
overwritten, each link names the bytes that were brought in, twins are shared."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from editor.core.site.images import ImagePlace, store_data, store_file

NAMES = st.sampled_from(["x.png", "x-2.png", "My x.png", "p-1.png", "y.jpg", "notes.pdf"])
CONTENTS = st.sampled_from([b"a", b"b", b"c"])


class DropsAndPastesIntoOneFolder(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="masthead-images-"))
        self.folder = self.base / "site" / "images"
        self.post = self.base / "site" / "posts" / "p.md"
        self.place = ImagePlace(self.folder, "/images", "test")
        self.model: dict[str, bytes] = {}  # what the folder must hold: name -> bytes

    def teardown(self):
        shutil.rmtree(self.base, ignore_errors=True)

    def _check(self, plan, content: bytes) -> None:
        name = plan.target.name
        assert plan.url == f"/images/{name}"
        if plan.reuse:
            assert self.model.get(name) == content
        else:
            assert name not in self.model  # a new name, never one in use
            self.model[name] = content

    @rule(name=NAMES, content=CONTENTS)
    def drop_a_file(self, name, content):
        source = self.base / "outside" / name
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(content)
        self._check(store_file(self.place, self.post, source), content)

    @rule(content=CONTENTS)
    def paste_image_data(self, content):
        plan = store_data(self.place, self.post, content, "p")
        assert plan.target.name.startswith("p-")
        self._check(plan, content)

    @rule(name=NAMES, content=CONTENTS)
    def another_program_writes_a_file(self, name, content):
        self.folder.mkdir(parents=True, exist_ok=True)
        if name not in self.model:
            (self.folder / name).write_bytes(content)
            self.model[name] = content

    @invariant()
    def the_folder_holds_exactly_the_model(self):
        if self.folder.exists():
            found = {p.name: p.read_bytes() for p in self.folder.iterdir()}
        else:
            found = {}
        assert found == self.model


DropsAndPastesIntoOneFolder.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_drops_and_pastes_into_one_folder = DropsAndPastesIntoOneFolder.TestCase
