"""Values as posts write them: dates and their shapes, and the kinds of front-matter values. Imports nothing else from editor.core."""
