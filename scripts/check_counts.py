"""Count `masthead check` findings per kind and level over a folder of sites.

    python scripts/check_counts.py ../shared/corpus [--info] [other check options]

Each subfolder is one site; it is checked with ``python -m editor check --format json``
(a throwaway cache folder), and the findings are counted per site, per level and per
kind. The README's table of findings over the shared corpus comes from this script.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    corpus, options = Path(argv[0]), argv[1:]
    by_kind: collections.Counter = collections.Counter()
    by_level: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache, PYTHONPATH=str(ROOT))
        for site in sorted(p for p in corpus.iterdir() if p.is_dir()):
            done = subprocess.run(
                [sys.executable, "-m", "editor", "check", "--format", "json", *options, str(site)],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
            )
            found = json.loads(done.stdout or "[]")
            print(f"{site.name:45} {len(found):5}  exit {done.returncode}")
            for problem in found:
                by_kind[(problem["level"], problem["code"])] += 1
                by_level[problem["level"]] += 1
    print(
        f"\n{sum(by_level.values())} findings: "
        + ", ".join(f"{n} {lv}" for lv, n in by_level.items())
    )
    for (level, code), count in by_kind.most_common():
        print(f"  {level:8} {code:18} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
