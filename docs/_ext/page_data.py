"""What the site's in-browser pages (playground, explorer) share: data scripts, colour maps, styles.

- :func:`colormaps`: the gallery's two colour maps as 256-entry RGB lookup
  tables, so that a page colours pixels as Matplotlib does;
- :func:`data_script`: a page's data as a script that assigns it to a
  ``window`` global, so the page also works opened from the file system;
- :func:`drop_unneeded_css`: removes the gallery and notebook stylesheets,
  which have nothing to style on such a page, from a page's context.
"""

from __future__ import annotations

import base64
import json

import numpy as np


def lookup_table(name: str) -> str:
    """Return a Matplotlib colour map's 256 RGB entries as base64 bytes."""
    import matplotlib

    table = matplotlib.colormaps[name](np.arange(256), bytes=True)[:, :3]
    return base64.b64encode(np.ascontiguousarray(table, dtype=np.uint8).tobytes()).decode("ascii")


def colormaps() -> dict:
    """Return the gallery's diverging and sequential colour maps, by role, with their tables."""
    import filterviz

    return {
        role: {"name": name, "lut": lookup_table(name)}
        for role, name in (
            ("diverging", filterviz.plot.DIVERGING),
            ("sequential", filterviz.plot.SEQUENTIAL),
        )
    }


def data_script(global_name: str, data: dict) -> str:
    """Return the text of a script that assigns `data` to ``window.<global_name>``."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return f"window.{global_name}={text};\n"


def drop_unneeded_css(context) -> None:
    """Drop the gallery and notebook stylesheets from a page's ``css_files``, in place.

    In place: Sphinx adds the page's own files to the same list and restores
    the list after the page.
    """
    unneeded = ("sg_gallery", "mystnb")
    context["css_files"][:] = [
        css
        for css in context["css_files"]
        if not str(getattr(css, "filename", css)).split("/")[-1].startswith(unneeded)
    ]
