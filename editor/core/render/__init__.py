"""Markdown to safe HTML for the preview.
The page, incremental rendering by blocks, the sanitiser and the render worker process.
"""
