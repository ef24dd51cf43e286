"""Masthead's benchmark runner: scenarios measured beside a baseline in the same run."""
