"""Values as posts write them: dates, their shapes, and the kinds of front-matter values.
Imports nothing else from editor.core (an import contract in pyproject.toml).
"""
