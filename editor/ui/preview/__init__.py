"""The preview widget showing the rendered post."""
