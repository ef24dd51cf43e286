"""What the core needs from the machine.
Atomic writes, worker processes, the user's folders and the resource files.
"""
