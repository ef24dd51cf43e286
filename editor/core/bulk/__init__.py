"""Bulk metadata edits across many posts: actions and their plans, diffs, and planning in worker processes."""
