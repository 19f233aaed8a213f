"""What sphinx-gallery runs around each example of the site: a seed reset and a PNG scraper.

``docs/conf.py`` names both by string (``"gallery_hooks.reset_seeds"``,
``"gallery_hooks.png_scraper"``), as sphinx-gallery documents: it imports them
when it reads its configuration, and the configuration stays a plain value that
Sphinx can keep in its environment cache.
"""

from __future__ import annotations

import random
import sys


def reset_seeds(gallery_conf, fname):
    """Give every example the same fresh random state, whatever ran before it."""
    import numpy as np

    random.seed(0)
    np.random.seed(0)  # noqa: NPY002 - resets the legacy global state examples may use
    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(0)


def png_scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's Matplotlib scraper, saving PNGs without a Software tag.

    The PNG then depends only on the pixels, not on the Matplotlib version
    string. Every text of every figure saved is recorded for the clipping
    test (:mod:`figure_texts`).
    """
    import figure_texts
    from sphinx_gallery.scrapers import matplotlib_scraper

    return figure_texts.scrape(
        lambda: matplotlib_scraper(block, block_vars, gallery_conf, metadata={"Software": None}),
        block_vars,
    )
