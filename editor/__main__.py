"""`python -m editor`: the command line, or the window when given a path or nothing."""

from editor.cli import main

raise SystemExit(main())
