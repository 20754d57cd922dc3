"""Fixtures for the typing gates (pyright, verifytypes, mypy, ruff); the helpers are in typing_kit."""
