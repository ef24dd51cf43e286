"""`python -m editor`: the command line, or the window when given a path or nothing."""

from editor.cli import main

# The guard matters: the site index may start a process pool, whose workers import this module.
if __name__ == "__main__":
    raise SystemExit(main())
