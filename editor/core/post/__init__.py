"""The post model: one post file read and written back changing only what changed; broken posts, new posts, body text."""
