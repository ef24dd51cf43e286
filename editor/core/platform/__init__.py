"""What the core needs from the machine: atomic writes, worker processes, user folders and resource files."""
