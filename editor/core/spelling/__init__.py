"""Spell checking: the words of a post that are prose, the dictionaries, the checks."""
