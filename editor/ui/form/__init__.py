"""The front-matter form: one editor row per key, chips for lists, a raw text view.

``FrontMatterForm(model, prompter)`` is the widget; ``model`` is an
``editor.session.frontmatter_model.FrontMatterModel`` and ``prompter`` answers the
questions the form asks (``editor.ui.dialogs.prompter.FormPrompter``: the window's
``DialogPrompter`` in the app, a fake in tests).
"""

from editor.ui.form.form import FrontMatterForm

__all__ = ["FrontMatterForm"]
