"""Sphinx hooks for the site's versioning (placeholder until that work lands)."""

from __future__ import annotations


def setup(app):
    """Register nothing yet."""
    return {"parallel_read_safe": True, "parallel_write_safe": True}
