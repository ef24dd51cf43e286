"""Shipped resources (stylesheets, icons); located by editor.core.resources."""
