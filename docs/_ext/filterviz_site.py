"""Small Sphinx hooks of the filterviz site."""

from __future__ import annotations


def setup(app):
    """Register the site's hooks with Sphinx."""
    return {"parallel_read_safe": True, "parallel_write_safe": True}
