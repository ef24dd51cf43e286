"""The user's own state: settings, the recovery area and the error log."""
