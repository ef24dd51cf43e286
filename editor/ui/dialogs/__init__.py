"""Dialogs: the real prompter and the recovery dialog."""
