"""Qt widgets only: no file I/O, no YAML, no Markdown parsing."""
