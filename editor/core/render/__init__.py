"""Markdown to safe HTML for the preview: the page, incremental rendering, the sanitiser and the render worker."""
