"""Front-matter formats: YAML (load, write, flat fast path), TOML and JSON, each edited in place."""
