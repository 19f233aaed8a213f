"""How to cite and reuse the filterviz site: citations, licences and photo credits.

- a "Cite this figure" block on every gallery example page, with the versioned
  permalink, BibTeX, the licences and the data sets its images come from (read
  from the ``sample_images`` calls of its script);
- the same lines inside the ``.py``, ``.ipynb`` and ``.zip`` downloads of every
  example, with the install line of the wheel (``package_wheel``);
- the ``filterviz-bibtex`` directive: BibTeX of the project, or of the version
  this build shows.

Which version that is, and its permalink root, come from the ``filterviz_site``
setting of ``site_versions``, which ``docs/conf.py`` sets.
"""

from __future__ import annotations

import ast
import datetime
import json
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import site_versions

AUTHOR = "The filterviz developers"
PROJECT_TITLE = "filterviz: see how the weights of a convolutional filter decide what it detects"
CODE_LICENSE = "BSD-3-Clause"
TEXT_LICENSE = "CC-BY-4.0"
CODE_LICENSE_URL = "https://opensource.org/license/bsd-3-clause"
TEXT_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LINE = f"License: {CODE_LICENSE} (code), {TEXT_LICENSE} (text and figures)"

# Marks the lines this module adds to downloaded scripts, so that stamping twice
# replaces them instead of adding them again.
_PY_BEGIN = "# --- Licence and citation "
_PY_END = "# --- end of licence and citation ---"
_NB_MARK = "filterviz_citation"


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(field) for field, _ in fields)
    body = ",\n".join(f"  {field.ljust(width)} = {{{value}}}" for field, value in fields)
    return f"@{kind}{{{key},\n{body},\n}}"


#: Where the images of each sample set come from, and on whose terms. Only
#: what the data sets' authors state; the keys are those of
#: ``filterviz.data.sample_images``.
DATASET_CREDITS = {
    "cifar10": (
        "CIFAR-10",
        "test images collected by Alex Krizhevsky, Vinod Nair and Geoffrey Hinton; "
        "its authors state no licence and ask you to cite Krizhevsky (2009), "
        "Learning Multiple Layers of Features from Tiny Images, technical report, "
        "University of Toronto",
    ),
    "cifar100": (
        "CIFAR-100",
        "test images collected by Alex Krizhevsky, Vinod Nair and Geoffrey Hinton; "
        "its authors state no licence and ask you to cite Krizhevsky (2009), "
        "Learning Multiple Layers of Features from Tiny Images, technical report, "
        "University of Toronto",
    ),
    "mnist": (
        "MNIST",
        "handwritten digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges; "
        "its authors state no licence; cite LeCun, Bottou, Bengio and Haffner (1998), "
        "Gradient-Based Learning Applied to Document Recognition, Proceedings of the "
        "IEEE 86(11)",
    ),
    "fashion_mnist": (
        "Fashion-MNIST",
        "Zalando's article images, under the MIT licence of Zalando SE; cite Xiao, "
        "Rasul and Vollgraf (2017), Fashion-MNIST, arXiv:1708.07747",
    ),
    "imagenet": (
        "ImageNet",
        "photographs whose copyright stays with their owners; ImageNet's terms of "
        "access allow them for non-commercial research and educational use only; "
        "cite Deng et al. (2009), ImageNet: A Large-Scale Hierarchical Image Database, "
        "CVPR 2009",
    ),
}


def example_datasets(script: Path) -> list[str]:
    """The sample sets whose images an example shows, read from its code.

    Every ``sample_images(...)`` call counts: its first argument (or
    ``dataset=``) when it is a string, ``"cifar10"`` when it is left out, and
    when it is a variable, every data set name written as a string in the
    script (such as the values of a dict the call loops over). Comments do not
    count: ``sample_images`` in a "Try it" comment loads nothing.
    """
    module = ast.parse(script.read_text(encoding="utf-8"))
    constants = {
        node.value
        for node in ast.walk(module)
        if isinstance(node, ast.Constant) and node.value in DATASET_CREDITS
    }
    found: set[str] = set()
    for node in ast.walk(module):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name != "sample_images":
            continue
        argument = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "dataset":
                argument = keyword.value
        if argument is None:
            found.add("cifar10")
        elif isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            found.add(argument.value)
        else:
            found |= constants
    return [key for key in DATASET_CREDITS if key in found]


def photo_credit_lines(datasets: list[str]) -> list[str]:
    """Where the shown images come from, one line per data set, then the licence caveat."""
    if not datasets:
        return ["Images from data sets: none; every picture on this page is drawn from numbers."]
    lines = [
        f"Images from {DATASET_CREDITS[key][0]}: {DATASET_CREDITS[key][1]}."
        for key in datasets
    ]
    lines.append(
        "These images are sample files shipped inside the foolbox package (Rauber et al., "
        f"2020). The {TEXT_LICENSE} licence covers our text and drawings, not these images: "
        "reuse them on their data set's terms."
    )
    return lines


def project_bibtex(settings: Mapping[str, object], *, versioned: bool) -> str:
    """BibTeX for the project as a whole, or for the version this build shows."""
    fields = [("author", f"{{{AUTHOR}}}"), ("title", f"{{{PROJECT_TITLE}}}")]
    if versioned:
        release = str(settings["release"])
        key = "filterviz_dev" if release == "dev" else "filterviz_" + release.replace(".", "_")
        fields += [
            ("version", release if release != "dev" else f"dev ({str(settings['commit'])[:10]})"),
            ("year", str(settings["year"])),
            ("url", str(settings["version_url"])),
        ]
    else:
        key = "filterviz"
        base = str(settings["version_url"]).rstrip("/").rsplit("/", 1)[0] + "/"
        fields += [("year", str(settings["year"])), ("url", base)]
    fields += [("license", f"{CODE_LICENSE} (code), {TEXT_LICENSE} (text and figures)")]
    return _bibtex("software", key, fields)


def example_title(script: Path) -> str:
    """The title of a gallery example: the first line of its docstring."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    lines = [line.strip() for line in docstring.splitlines() if line.strip()]
    return lines[0] if lines else script.stem


def figure_citation(settings: Mapping[str, object], docname: str, title: str) -> dict[str, str]:
    """The permalink, a one-line citation and BibTeX of one example page."""
    permalink = f"{settings['version_url']}{docname}.html"
    stem = docname.rsplit("/", 1)[-1]
    release = str(settings["release"])
    key = f"filterviz_{release.replace('.', '_')}_{stem}"
    label = site_versions.version_label(settings)
    text = f"{AUTHOR} ({settings['year']}). {title}. filterviz, {label}. {permalink}"
    bibtex = _bibtex(
        "misc",
        key,
        [
            ("author", f"{{{AUTHOR}}}"),
            ("title", f"{{{title}}}"),
            ("howpublished", f"filterviz gallery, {label}"),
            ("year", str(settings["year"])),
            ("url", permalink),
            (
                "note",
                f"Code {CODE_LICENSE}; text and drawings {TEXT_LICENSE}; "
                "data-set images under their own terms",
            ),
        ],
    )
    return {"permalink": permalink, "text": text, "bibtex": bibtex}


def cite_block_rst(
    settings: Mapping[str, object],
    docname: str,
    title: str,
    datasets: list[str] | None = None,
) -> str:
    """The reST of the "Cite this figure" block of one example page.

    `datasets` are the sample sets whose images the page shows (see
    `example_datasets`); the block says where they come from and on whose terms.
    """
    cite = figure_citation(settings, docname, title)
    bibtex = "\n".join("         " + line for line in cite["bibtex"].splitlines())
    if settings["release"] == "dev":
        stability = (
            "This is the development version: the page at this address changes as "
            "the project does. " + site_versions.release_sentence(settings)
        )
    else:
        stability = (
            f"This address always shows the figures of filterviz {settings['release']}, "
            "whatever is released later."
        )
    photos = "\n\n".join(f"   {line}" for line in photo_credit_lines(list(datasets or [])))
    return f"""

.. container:: filterviz-cite

   .. rubric:: Cite this figure

   Permalink: `{cite["permalink"]} <{cite["permalink"]}>`__. {stability}

   {cite["text"]}

   .. code-block:: bibtex

{bibtex}

   Licence: code `{CODE_LICENSE} <{CODE_LICENSE_URL}>`__; our text and drawings
   `{TEXT_LICENSE} <{TEXT_LICENSE_URL}>`__: reuse them with credit to
   "{AUTHOR}" and the permalink above.

{photos}

"""


def stamp_script(path: Path, lines: list[str]) -> None:
    """Put the licence and citation `lines` into a downloaded script, as comments.

    They replace an existing ``# License:`` line, or else go right after the
    docstring; stamping again replaces them.
    """
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        rf"^{re.escape(_PY_BEGIN)}.*?^{re.escape(_PY_END)}\n", "", text, flags=re.S | re.M
    )
    block = "\n".join(
        [_PY_BEGIN + "(added by the site build) ---", *(f"# {line}" for line in lines), _PY_END]
    )
    source = text.splitlines(keepends=True)
    licence_lines = [i for i, line in enumerate(source) if line.startswith("# License:")]
    if licence_lines:
        index = licence_lines[0]
        source[index] = block + "\n"
    else:
        module = ast.parse(text)
        index = 0
        if module.body and isinstance(module.body[0], ast.Expr):
            if isinstance(getattr(module.body[0], "value", None), ast.Constant):
                index = module.body[0].end_lineno or 0
        source.insert(index, "\n" + block + "\n")
    path.write_text("".join(source), encoding="utf-8")


def stamp_notebook(path: Path, lines: list[str], first_cell: str | None = None) -> None:
    """Put the licence and citation `lines` into a downloaded notebook.

    A Markdown cell right after the title cell; a code cell holding only the
    script's ``# License:`` comment is dropped, as the new cell says it.
    `first_cell`, when given, becomes the notebook's first (code) cell: the
    gallery's ``first_notebook_cell`` of this build, which sphinx-gallery does
    not write again into the notebook of an unchanged example.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        cell
        for cell in notebook["cells"]
        if not cell.get("metadata", {}).get(_NB_MARK)
        and not (
            cell["cell_type"] == "code"
            and "".join(cell["source"]).strip().startswith("# License:")
            and "\n" not in "".join(cell["source"]).strip()
        )
    ]
    if first_cell is not None:
        code = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
        code["source"] = first_cell.splitlines(keepends=True)
        if cells and cells[0]["cell_type"] == "code":
            cells[0]["source"] = code["source"]
        else:
            cells.insert(0, code)
    markdown = [index for index, cell in enumerate(cells) if cell["cell_type"] == "markdown"]
    position = markdown[0] + 1 if markdown else 0
    text = "\n\n".join(lines)
    cells.insert(
        position,
        {
            "cell_type": "markdown",
            "metadata": {_NB_MARK: True},
            "source": text.splitlines(keepends=True),
        },
    )
    notebook["cells"] = cells
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def rewrite_zip(path: Path, timestamp: int | None) -> None:
    """Rewrite a download zip from the current files it names, with fixed dates.

    The members are read back from disk (so that they carry the stamped lines)
    and dated `timestamp` (or 1980-01-01), so that the same sources give the
    same bytes.
    """
    base = path.parent
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    when = (1980, 1, 1, 0, 0, 0)
    if timestamp is not None:
        moment = datetime.datetime.fromtimestamp(max(timestamp, 315532800), datetime.timezone.utc)
        when = moment.timetuple()[:6]
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (base / name).read_bytes())
    os.replace(temporary, path)


def download_lines(
    settings: Mapping[str, object],
    docname: str,
    title: str,
    *,
    datasets: list[str] | None = None,
    install: str | None = None,
) -> list[str]:
    """The licence, photo credit and citation lines that travel inside an example's downloads.

    `install` is the command that installs filterviz (the wheel's permalink).
    """
    cite = figure_citation(settings, docname, title)
    lines = [
        f"{LICENCE_LINE}.",
        *photo_credit_lines(list(datasets or [])),
        f"From filterviz ({site_versions.version_label(settings)}): {cite['permalink']}",
    ]
    if install:
        lines.append(f"Needs filterviz: {install}")
    lines.append(f"Cite as: {cite['text']}")
    return lines


# --- Sphinx -------------------------------------------------------------------------


def _gallery_dirs(app) -> list[str]:
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    dirs = conf.get("gallery_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


def _example_docnames(app) -> dict[str, Path]:
    """Gallery example pages (docname -> the script copy beside the generated page)."""
    srcdir = Path(app.srcdir)
    examples = {}
    for gallery in _gallery_dirs(app):
        for script in sorted((srcdir / gallery).rglob("*.py")):
            if script.with_suffix(".rst").exists():
                docname = script.relative_to(srcdir).with_suffix("").as_posix()
                examples[docname] = script
    return examples


def _stamp_downloads(app) -> None:
    """After sphinx-gallery wrote the examples: licence and citation in every download."""
    settings = app.config.filterviz_site
    timestamp = os.environ.get("SOURCE_DATE_EPOCH", "")
    examples = _example_docnames(app)
    first_cell = (getattr(app.config, "sphinx_gallery_conf", None) or {}).get(
        "first_notebook_cell"
    )
    for docname, script in examples.items():
        install = None
        if getattr(app.config, "filterviz_wheel_version", ""):
            import package_wheel

            url = package_wheel.wheel_url(
                str(settings["version_url"]), app.config.filterviz_wheel_version
            )
            install = f"pip install {url}"
        lines = download_lines(
            settings,
            docname,
            example_title(script),
            datasets=example_datasets(script),
            install=install,
        )
        stamp_script(script, lines)
        notebook = script.with_suffix(".ipynb")
        if notebook.exists():
            stamp_notebook(notebook, lines, first_cell)
    srcdir = Path(app.srcdir)
    for gallery in _gallery_dirs(app):
        for archive in sorted((srcdir / gallery).rglob("*.zip")):
            rewrite_zip(archive, int(timestamp) if timestamp.isdigit() else None)


def _add_cite_block(app, docname: str, source: list[str]) -> None:
    examples = getattr(app, "filterviz_examples", None)
    if examples is None:
        examples = app.filterviz_examples = _example_docnames(app)
    if docname not in examples:
        return
    script = examples[docname]
    block = cite_block_rst(
        app.config.filterviz_site, docname, example_title(script), example_datasets(script)
    )
    text = source[0]
    anchor = text.find(".. _sphx_glr_download_")
    source[0] = text + block if anchor < 0 else text[:anchor] + block.lstrip("\n") + text[anchor:]


def setup(app):
    """Cite blocks on the example pages, stamped downloads, the filterviz-bibtex directive."""
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class BibtexDirective(SphinxDirective):
        """BibTeX for filterviz: ``:version:`` for the version this build shows."""

        has_content = False
        option_spec = {"version": directives.flag}

        def run(self):
            settings = self.config.filterviz_site
            text = project_bibtex(settings, versioned="version" in self.options)
            block = nodes.literal_block(text, text, language="bibtex")
            return [block]

    # After sphinx-gallery has written the pages and downloads (priority 500).
    app.connect("builder-inited", _stamp_downloads, priority=800)
    app.connect("source-read", _add_cite_block)
    app.add_directive("filterviz-bibtex", BibtexDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
