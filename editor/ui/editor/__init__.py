"""The body editor: the text widget, Markdown highlighting and find/replace."""
