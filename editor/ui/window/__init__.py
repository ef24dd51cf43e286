"""The main window and its parts: actions and menus, status bar, notice bar, file safety."""
