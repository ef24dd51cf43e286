"""Bulk metadata edits across many posts.
Actions and their plans (actions), one file's plan (file_plan), planning in worker
processes (pool), the one checked write loop (writes), the journal of a running edit
(journal) and the undo history of table and bulk edits (history).
"""
