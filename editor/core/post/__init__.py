"""The post model: one post file, read and written back changing only what changed.
Also broken posts (front matter that does not parse), new posts, body text and word counts.
"""
