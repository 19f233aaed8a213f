"""Sphinx configuration of the filterviz site.

The build is offline: no intersphinx, no fetched assets. Examples run with
fixed seeds and TensorFlow op determinism so that the same commit gives the
same figures.
"""

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import buildenv  # noqa: E402

# Before anything imports TensorFlow: quiet logs, deterministic ops, CPU only.
buildenv.apply()
# The executed pages' kernels: inline figures, no C-level log lines on the page.
_JUPYTER = HERE / "_build" / ".jupyter"
buildenv.kernel_spec(_JUPYTER)
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(_JUPYTER), os.environ.get("JUPYTER_PATH")])
)

import package_wheel  # noqa: E402
import site_versions  # noqa: E402

import filterviz  # noqa: E402

project = "filterviz"
author = "the filterviz developers"
copyright = "2026, the filterviz developers. Code BSD-3-Clause; text and figures CC-BY-4.0"
# Which version this build shows (dev, or X.Y under make site and Read the Docs),
# where it lives and what built it: the switcher, the footer and the citations use it.
filterviz_site = site_versions.site_settings(os.environ, HERE)
version = filterviz_site["name"]
release = filterviz_site["release"]

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "mathml",  # formulas to MathML at build time (docs/_ext/mathml.py), no MathJax CDN
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "figure_texts",  # records each gallery figure's texts for tests/test_figures.py
    "myst_nb",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "playground",
    "explorer",  # the network explorer page (docs/_ext/explorer.py)
    "site_versions",  # switcher.json, the filterviz-version and -releases directives
    "citation",  # cite blocks, stamped downloads, the filterviz-bibtex directive
    "package_wheel",
]
# The wheel the build makes and serves (package_wheel); notebooks install it.
filterviz_wheel_version = filterviz.__version__

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside every example page: not for myst-nb.
    "auto_examples/**/*.ipynb",
    "auto_examples/**/*.py",
    "auto_examples/**/*.zip",
    "auto_examples/**/*.json",
    "auto_examples/**/*.md5",
    "sg_execution_times.rst",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
# _api_templates holds the autosummary page of a function (with its mini-gallery). It
# stays out of _templates, which the tests of tools/build_site.py copy into small sites
# that have neither autosummary nor sphinx-gallery, and where it would be read as a page.
templates_path = ["_templates", "_api_templates"]

# --- References (sphinxcontrib-bibtex) ------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
bibtex_default_style = "plain"

# --- API reference -----------------------------------------------------------
autosummary_generate = True


def _remove_stale_api_pages(api_page: Path, folder: Path) -> None:
    """Delete the generated pages of names api.rst no longer lists.

    autosummary writes a page per listed name and never deletes one, so a
    function that moved module would leave its old page in no toctree, and
    the next ``make docs`` of an existing checkout would fail under -W.
    """
    listed, module = set(), None
    for line in api_page.read_text(encoding="utf-8").splitlines():
        if line.startswith(".. automodule::"):
            module = line.split("::", 1)[1].strip()
        elif module and re.fullmatch(r"   [A-Za-z_]\w*", line):
            listed.add(f"{module}.{line.strip()}")
    for page in folder.glob("*.rst"):
        if page.stem not in listed:
            page.unlink()


_remove_stale_api_pages(HERE / "api.rst", HERE / "api" / "generated")
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_class_members_toctree = False
# Public shortcuts such as ``filterviz.sample_images`` (really filterviz.data.sample_images):
# the function's page also lists the gallery pages that call it by its short name
# (docs/_api_templates/autosummary/function.rst).
autosummary_context = {
    "filterviz_shortcuts": {
        f"{getattr(filterviz, name).__module__}.{name}": f"filterviz.{name}"
        for name in filterviz.__all__
        if callable(getattr(filterviz, name, None))
    }
}

# --- Notebooks (MyST), executed at build time --------------------------------
nb_execution_mode = "cache"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_merge_streams = True
nb_kernel_rgx_aliases = {".*": buildenv.KERNEL_NAME}
myst_enable_extensions = ["dollarmath", "colon_fence"]


# --- Gallery ----------------------------------------------------------------
# Only what differs from sphinx-gallery's defaults. Its callables are named by
# string (docs/_ext/gallery_hooks.py), so the configuration can be cached.
sphinx_gallery_conf = {
    # Every example executes; FILTERVIZ_EXAMPLES (a regular expression on the path)
    # narrows that while working on a few pages: the others show code, no figures.
    "filename_pattern": os.environ.get("FILTERVIZ_EXAMPLES", "/"),
    "ignore_pattern": r"__init__\.py|/_",
    "within_subsection_order": "FileNameSortKey",
    "subsection_order": [
        "../examples/handmade_filters",
        "../examples/weight_mechanics",
        "../examples/layer_depth",
        "../examples/trained_network",
    ],
    # PNGs without a Software tag: the bytes depend on the pixels only.
    "image_scrapers": ("gallery_hooks.png_scraper",),
    # Matplotlib's settings and every random seed start afresh for each example.
    "reset_modules": ("matplotlib", "gallery_hooks.reset_seeds"),
    "remove_config_comments": True,
    "first_notebook_cell": package_wheel.install_cell(
        package_wheel.wheel_url(filterviz_site["version_url"], filterviz.__version__)
    ),
    "abort_on_example_error": True,
    "min_reported_time": 1e9,
    "thumbnail_size": (320, 240),
    # A second copy of each figure at twice the pixels, for sharp figures on
    # high-density screens; filterviz-figures.js links each figure to it.
    "image_srcset": ["2x"],
    "capture_repr": ("_repr_html_",),
    # Each API page lists the gallery pages that use its function (its "minigallery").
    "doc_module": ("filterviz",),
    "backreferences_dir": "api/generated/backreferences",
    # Record filterviz.conv.filter_images under that name, as its API page is called.
    "prefer_full_module": {r"^filterviz\."},
    "write_computation_times": False,  # per-example times stay in each page
    # The test suite sets this to execute every example even if its output exists.
    "run_stale_examples": os.environ.get("FILTERVIZ_RUN_ALL_EXAMPLES") == "1",
}

# --- Copy buttons on code cells: the prompts stay on the page, not in the clipboard ---
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# --- HTML -------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "filterviz"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
# The playground needs the width for its controls and outputs.
html_sidebars = {"playground": []}
html_css_files = ["filterviz.css"]
html_js_files = ["filterviz-figures.js"]
html_last_updated_fmt = None
html_show_sourcelink = False
# The Python module index is linked from no page, and Sphinx writes it as a table
# without headers (axe: td-has-header, critical); the API page lists the modules.
html_domain_indices = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_prev_next": True,
    "header_links_before_dropdown": 6,
    "navbar_align": "left",
    "navbar_end": ["version-switcher", "theme-switcher", "navbar-icon-links"],
    "footer_start": ["copyright"],
    # What built this version: filterviz, its commit, TensorFlow, Keras and NumPy.
    "footer_center": ["provenance"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
    # The version switcher and the "not the latest version" banner.
    **site_versions.theme_options(filterviz_site),
}
html_context = {
    "default_mode": "light",
    "filterviz_provenance": site_versions.provenance(filterviz_site),
}
