"""Version control: the site's git repository, and posts' changes read field by field."""
