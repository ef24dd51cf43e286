"""The site panel: post list, metadata table, fields, problems and the bulk-edit dialog."""
