"""Masthead core: pure Python, never imports Qt."""
