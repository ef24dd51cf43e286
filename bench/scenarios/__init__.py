"""Scenario groups. Each module's ``run(ctx)`` returns its ``Figure`` list."""
