"""Bulk metadata edits across many posts.
Actions and their plans, minimal diffs, and planning in worker processes (pool).
"""
