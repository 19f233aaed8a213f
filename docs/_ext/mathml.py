"""Sphinx extension: formulas rendered to MathML when the site is built.

Sphinx's default HTML math renderer, ``sphinx.ext.mathjax``, makes every page
with a formula load MathJax from a content delivery network, so a lecture
room without internet shows raw LaTeX. This extension registers the HTML math
renderer ``mathml`` instead: each ``:math:`` role, ``.. math::`` directive and
MyST ``$...$`` / ``$$...$$`` formula (myst-nb notebooks included) is turned
into MathML Core with `latex2mathml` at build time, which browsers draw
natively. Nothing is fetched, no script runs.

A formula that latex2mathml cannot convert (an unknown command, unbalanced
braces, a fraction without its denominator) is never dropped: the build logs a
warning that names the page and line, an error under ``sphinx-build -W``, and
the page shows the LaTeX source in a box marked ``math-error``.

With this extension listed in ``extensions`` Sphinx picks ``mathml`` over its
built-in MathJax renderer by itself (``html_math_renderer`` need not be set).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

MATHML_NAMESPACE = "{http://www.w3.org/1998/Math/MathML}"
#: Elements whose number of children is fixed by MathML (base, scripts, ...).
ARITY = {
    "mfrac": 2,
    "msub": 2,
    "msup": 2,
    "msubsup": 3,
    "munder": 2,
    "mover": 2,
    "munderover": 3,
    "mroot": 2,
}
#: latex2mathml keeps a command it does not know as text, backslash and all.
UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")


class MathConversionError(ValueError):
    """A LaTeX formula that cannot be written as MathML."""


def latex_to_mathml(latex: str, *, display: bool) -> str:
    r"""Convert one LaTeX formula to a ``<math>`` element, or raise.

    Parameters
    ----------
    latex : str
        The formula, without ``$`` delimiters.
    display : bool
        True for a displayed (block) formula, False for one inside a line.

    Returns
    -------
    str
        The MathML markup, one ``<math>`` element.

    Raises
    ------
    MathConversionError
        If latex2mathml fails, leaves an unknown command in its output, or
        writes an element with the wrong number of children.

    Examples
    --------
    >>> latex_to_mathml(r"\frac{a}{b}", display=False)[:5]
    '<math'
    >>> latex_to_mathml(r"\notacommand x", display=False)
    Traceback (most recent call last):
    ...
    mathml.MathConversionError: unsupported LaTeX command \notacommand
    """
    try:
        markup = convert(latex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many private exception types
        message = f"latex2mathml cannot convert it ({type(error).__name__}: {error})"
        raise MathConversionError(message) from error
    try:
        tree = ElementTree.fromstring(markup)
    except ElementTree.ParseError as error:
        message = f"it converts to malformed MathML ({error}); an '&' outside an environment?"
        raise MathConversionError(message) from error
    for element in tree.iter():
        tag = element.tag.removeprefix(MATHML_NAMESPACE)
        unknown = UNKNOWN_COMMAND.search(element.text or "")
        if unknown:
            raise MathConversionError(f"unsupported LaTeX command {unknown.group()}")
        expected = ARITY.get(tag)
        if expected is not None and len(element) != expected:
            raise MathConversionError(
                f"<{tag}> has {len(element)} parts, expected {expected} (missing braces?)"
            )
    return markup


def _render(self, node: nodes.Element, latex: str, *, display: bool) -> str:
    """Markup for one formula; on failure a warning at the node and the visible source."""
    try:
        return latex_to_mathml(latex, display=display)
    except MathConversionError as error:
        logger.warning(
            "formula %r not rendered: %s",
            latex,
            error,
            location=node,
            type="mathml",
            subtype="conversion",
        )
        tag = "pre" if display else "code"
        source = self.encode(latex)
        return f'<{tag} class="math-error" title="formula not rendered">{source}</{tag}>'


def html_visit_math(self, node: nodes.math) -> None:
    """Write an inline formula (``:math:``, ``$...$``)."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_render(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node: nodes.math_block) -> None:
    """Write a displayed formula (``.. math::``, ``$$...$$``), with its number if labelled.

    As with Sphinx's other renderers, parts separated by a blank line are
    separate equations, and a part with ``\\\\`` line breaks is set as a
    ``split`` environment so that ``&`` aligns its lines.
    """
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    latex = node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        parts = [latex]
    else:
        parts = [part for part in latex.split("\n\n") if part.strip()]
    # One box for all parts: the theme lays div.math out as a row with the
    # number, and the box scrolls sideways when a formula is wider than a phone;
    # tabindex lets a keyboard reach it and scroll it (axe: scrollable-region-focusable).
    self.body.append('<div class="mathml-block" tabindex="0">')
    for part in parts:
        if "\\\\" in part and "\\begin" not in part:
            part = "\\begin{split}" + part + "\\end{split}"
        self.body.append(_render(self, node, part, display=True))
    self.body.append("</div></div>\n")
    raise nodes.SkipNode


#: Layout of displayed formulas, written into ``_static`` by this extension.
STYLESHEET = """\
/* Displayed MathML formulas (docs/_ext/mathml.py). */
div.math > .mathml-block {
  flex-grow: 1;
  min-width: 0;
  overflow-x: auto;
  overflow-y: hidden;
  padding: 0.4rem 0;
}
div.math > .mathml-block > math[display="block"] {
  font-size: 1.15em;
}
/* latex2mathml aligns split/aligned columns with the columnalign attribute,
   which MathML Core (and so Chromium) ignores; CSS does the same job. */
.mathml-block mtd {
  padding-left: 0;
  padding-right: 0;
}
.mathml-block mtd[columnalign="left"] {
  text-align: left;
}
.mathml-block mtd[columnalign="right"] {
  text-align: right;
}
.math-error {
  border: 2px dashed var(--pst-color-danger, #c00);
  padding: 0.1em 0.3em;
}
"""
STYLESHEET_NAME = "mathml.css"


def write_stylesheet(app, exception) -> None:
    """Put the stylesheet into the HTML output's ``_static`` folder."""
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / STYLESHEET_NAME).write_text(STYLESHEET, encoding="utf-8")


def setup(app):
    """Register the ``mathml`` HTML math renderer."""
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(html_visit_math, None),
        block_renderers=(html_visit_displaymath, None),
    )
    app.add_css_file(STYLESHEET_NAME)
    app.connect("build-finished", write_stylesheet)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
