"""Improvement-plan tracking: `comply import-plan` and the plan's position (issue 6)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
