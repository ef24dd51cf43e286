"""Qt objects without widgets: documents, preview controller, list models."""
