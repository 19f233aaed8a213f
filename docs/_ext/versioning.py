"""Versions, provenance and citation for the filterviz site.

Every build of the site knows which version of filterviz it shows, and says so:

- the pydata-sphinx-theme version switcher and its "not the latest version"
  banner, configured here (offline: the theme never fetches the switcher file
  during the build);
- a provenance line in the footer of every page: the filterviz version, the git
  commit, and the TensorFlow, Keras and NumPy versions that executed the
  examples;
- a "Cite this figure" block on every gallery example page, with the versioned
  permalink, BibTeX, the licences and the data sets its images come from (read
  from the ``sample_images`` calls of its script), and the same lines inside the
  ``.py``, ``.ipynb`` and ``.zip`` downloads of every example, with the
  install line of the wheel (``package_wheel``);
- sphinxcontrib-bibtex, reading ``references.bib`` beside ``conf.py``.

Which version a build shows comes from, in order:

1. ``tools/build_site.py`` (``make site``), through the environment variables
   ``FILTERVIZ_SITE_VERSION`` (``dev`` or ``X.Y``), ``FILTERVIZ_SITE_RELEASE``
   (``dev`` or ``X.Y.Z``), ``FILTERVIZ_SITE_URL`` (where the versions are
   published), ``FILTERVIZ_SWITCHER_URL``, ``FILTERVIZ_SITE_COMMIT`` and
   ``FILTERVIZ_SITE_DIRTY``;
2. Read the Docs, through the ``READTHEDOCS_*`` variables it sets;
3. otherwise (``make docs``): the development version of the working tree.

The helpers at the top of this module have no Sphinx dependency;
``tools/build_site.py`` imports them to write the shared ``switcher.json``.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import importlib.metadata
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

#: Where ``make site`` publishes the versions unless told otherwise.
SITE_URL = "https://filterviz.readthedocs.io/en/"
AUTHOR = "The filterviz developers"
PROJECT_TITLE = "filterviz: see how the weights of a convolutional filter decide what it detects"
CODE_LICENSE = "BSD-3-Clause"
TEXT_LICENSE = "CC-BY-4.0"
CODE_LICENSE_URL = "https://opensource.org/license/bsd-3-clause"
TEXT_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LINE = f"License: {CODE_LICENSE} (code), {TEXT_LICENSE} (text and figures)"

#: A release tag: ``vMAJOR.MINOR`` or ``vMAJOR.MINOR.PATCH``, no leading zeros.
RELEASE_TAG = re.compile(r"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$")
#: A version folder of the site: ``dev`` or ``X.Y``.
VERSION_NAME = re.compile(r"^(?:dev|(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*))$")
#: A full release number: ``X.Y.Z``.
RELEASE_NUMBER = re.compile(r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$")

# Marks the lines this module adds to downloaded scripts, so that stamping twice
# replaces them instead of adding them again.
_PY_BEGIN = "# --- Licence and citation "
_PY_END = "# --- end of licence and citation ---"
_NB_MARK = "filterviz_citation"


# --- Versions -----------------------------------------------------------------


def parse_release_tag(tag: str) -> tuple[int, int, int]:
    """Return ``(major, minor, patch)`` of a release tag such as ``v0.2.1``.

    Raises
    ------
    ValueError
        If `tag` is not ``vMAJOR.MINOR`` or ``vMAJOR.MINOR.PATCH``.
    """
    if not isinstance(tag, str):
        raise TypeError(f"tag must be a string such as 'v0.2.1', got {type(tag).__name__}")
    match = RELEASE_TAG.match(tag)
    if match is None:
        raise ValueError(
            f"tag {tag!r} is not a release tag name: expected vMAJOR.MINOR or "
            "vMAJOR.MINOR.PATCH with plain numbers, such as 'v0.2' or 'v0.2.1'"
        )
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def version_name(tag: str) -> str:
    """Return the site folder of a release tag: ``v0.2.1`` -> ``0.2``."""
    major, minor, _ = parse_release_tag(tag)
    return f"{major}.{minor}"


def release_number(tag: str) -> str:
    """Return the full release number of a tag: ``v0.2`` -> ``0.2.0``."""
    return "{}.{}.{}".format(*parse_release_tag(tag))


def newest_per_version(tags: list[str]) -> dict[str, str]:
    """Map each ``X.Y`` to its newest release tag, oldest version first.

    Every tag must be a release tag (see `parse_release_tag`).
    """
    newest: dict[str, str] = {}
    for tag in sorted(tags, key=parse_release_tag):
        newest[version_name(tag)] = tag
    return dict(sorted(newest.items(), key=lambda item: parse_release_tag(item[1])))


def check_base_url(base_url: str) -> str:
    """Return `base_url` ending in ``/``; it must be ``http(s)://...`` or start with ``/``."""
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a string, got {type(base_url).__name__}")
    if not (re.match(r"^https?://[^/\s]+(/\S*)?$", base_url) or re.match(r"^/\S*$", base_url)):
        raise ValueError(
            f"base_url {base_url!r} is not a site address: expected an http:// or "
            "https:// URL, or a path starting with '/', such as "
            "'https://example.org/filterviz/'"
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def switcher_entries(
    tags: list[str], base_url: str, *, layout: str = "site"
) -> list[dict[str, object]]:
    """Entries of the pydata-sphinx-theme ``switcher.json``: dev, then releases, newest first.

    Parameters
    ----------
    tags : list of str
        The release tags (``v*``); each ``X.Y`` is listed once, for its newest tag.
    base_url : str
        Where the versions are published.
    layout : {"site", "readthedocs"}
        ``"site"``: ``make site`` folders (``dev/``, ``stable/``, ``X.Y/``).
        ``"readthedocs"``: Read the Docs slugs (``latest/``, ``stable/``, the tag).

    Returns
    -------
    list of dict
        ``name``, ``version`` (what ``version_match`` is compared with) and
        ``url``; the newest release points at ``stable/`` and is ``preferred``.
    """
    if layout not in ("site", "readthedocs"):
        raise ValueError(f"layout must be 'site' or 'readthedocs', got {layout!r}")
    base_url = check_base_url(base_url)
    releases = newest_per_version(tags)
    dev_slug = "dev" if layout == "site" else "latest"
    entries: list[dict[str, object]] = [
        {"name": "dev", "version": "dev", "url": f"{base_url}{dev_slug}/"}
    ]
    for position, (name, tag) in enumerate(reversed(releases.items())):
        if position == 0:
            entries.append(
                {
                    "name": f"{name} (stable)",
                    "version": name,
                    "url": f"{base_url}stable/",
                    "preferred": True,
                }
            )
        else:
            slug = name if layout == "site" else tag.lower()
            entries.append({"name": name, "version": name, "url": f"{base_url}{slug}/"})
    return entries


def _git(args: list[str], cwd: Path) -> str | None:
    """Run git in `cwd` and return its output, or None where git or the repository is missing."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def repository_tags(path: Path) -> list[str]:
    """The release tags of the git repository holding `path` (others are ignored here)."""
    output = _git(["tag", "--list", "v*"], path) or ""
    return [tag for tag in output.split() if RELEASE_TAG.match(tag)]


def site_settings(environ: Mapping[str, str], confdir: Path) -> dict[str, object]:
    """Work out which version this build shows and where it lives.

    Returns a dict with ``name`` (``dev`` or ``X.Y``: the switcher's
    ``version_match``), ``release`` (``dev`` or ``X.Y.Z``), ``version_url``
    (the permalink root of this version), ``json_url``, ``commit``, ``dirty``,
    ``year`` and ``entries`` (this build's own view of the switcher).
    """
    confdir = Path(confdir)
    commit = environ.get("FILTERVIZ_SITE_COMMIT") or environ.get("READTHEDOCS_GIT_COMMIT_HASH")
    dirty = environ.get("FILTERVIZ_SITE_DIRTY") == "1"
    if not commit:
        commit = _git(["rev-parse", "HEAD"], confdir) or "unknown"
        dirty = bool(_git(["status", "--porcelain"], confdir))
    if environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        timestamp = int(environ["SOURCE_DATE_EPOCH"])
    else:
        committed = _git(["log", "-1", "--format=%ct"], confdir)
        timestamp = int(committed) if committed and committed.isdigit() else None
    year = (
        datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc).year
        if timestamp is not None
        else datetime.date.today().year
    )

    if environ.get("FILTERVIZ_SITE_VERSION"):  # make site
        name = environ["FILTERVIZ_SITE_VERSION"]
        if not VERSION_NAME.match(name):
            raise ValueError(
                f"FILTERVIZ_SITE_VERSION is {name!r}: expected 'dev' or a version "
                "folder such as '0.2'"
            )
        release = environ.get("FILTERVIZ_SITE_RELEASE") or ("dev" if name == "dev" else None)
        if release != "dev" and not (
            release and RELEASE_NUMBER.match(release) and release.startswith(name + ".")
        ):
            raise ValueError(
                f"FILTERVIZ_SITE_RELEASE is {release!r}: expected 'dev' or a release "
                f"number X.Y.Z of version {name}"
            )
        base_url = check_base_url(environ.get("FILTERVIZ_SITE_URL") or SITE_URL)
        json_url = environ.get("FILTERVIZ_SWITCHER_URL") or "../switcher.json"
        layout = "site"
    elif environ.get("READTHEDOCS") == "True":  # Read the Docs builds each version itself
        identifier = environ.get("READTHEDOCS_GIT_IDENTIFIER") or environ.get(
            "READTHEDOCS_VERSION_NAME", ""
        )
        canonical = check_base_url(environ.get("READTHEDOCS_CANONICAL_URL") or SITE_URL)
        base_url = canonical.rstrip("/").rsplit("/", 1)[0] + "/"
        if environ.get("READTHEDOCS_VERSION_TYPE") == "tag" and RELEASE_TAG.match(identifier):
            name, release = version_name(identifier), release_number(identifier)
            # "stable" moves on; the tag's own address does not: cite that one.
            canonical = f"{base_url}{identifier.lower()}/"
        else:
            name, release = "dev", "dev"
        # Old versions are not rebuilt when a new release appears: every version
        # reads the list kept up to date by the development build.
        json_url = "../latest/_static/switcher.json"
        layout = "readthedocs"
        return {
            "name": name,
            "release": release,
            "version_url": canonical,
            "json_url": json_url,
            "commit": commit,
            "dirty": dirty,
            "year": year,
            "entries": switcher_entries(repository_tags(confdir), base_url, layout=layout),
        }
    else:  # make docs: the working tree
        name, release = "dev", "dev"
        base_url = check_base_url(environ.get("FILTERVIZ_SITE_URL") or SITE_URL)
        json_url = "_static/switcher.json"
        layout = "site"
    return {
        "name": name,
        "release": release,
        "version_url": f"{base_url}{name}/",
        "json_url": json_url,
        "commit": commit,
        "dirty": dirty,
        "year": year,
        "entries": switcher_entries(repository_tags(confdir), base_url, layout=layout),
    }


def _distribution_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def provenance(settings: Mapping[str, object]) -> dict[str, object]:
    """What built this version: filterviz, the commit, TensorFlow, Keras and NumPy."""
    try:
        filterviz_version = importlib.import_module("filterviz").__version__
    except (ImportError, AttributeError):
        filterviz_version = _distribution_version("filterviz")
    commit = str(settings["commit"])
    return {
        "filterviz": filterviz_version,
        "commit": commit,
        "commit_short": commit[:10] if commit != "unknown" else commit,
        "dirty": bool(settings["dirty"]),
        "tensorflow": _distribution_version("tensorflow"),
        "keras": _distribution_version("keras"),
        "numpy": _distribution_version("numpy"),
        "version": settings["name"],
        "release": settings["release"],
    }


# --- Citation -------------------------------------------------------------------


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(field) for field, _ in fields)
    body = ",\n".join(f"  {field.ljust(width)} = {{{value}}}" for field, value in fields)
    return f"@{kind}{{{key},\n{body},\n}}"


def _version_label(settings: Mapping[str, object]) -> str:
    if settings["release"] == "dev":
        return f"development version, commit {str(settings['commit'])[:10]}"
    return f"version {settings['release']}"


def releases(settings: Mapping[str, object]) -> list[str]:
    """The releases this build's version switcher lists (``X.Y``), newest first."""
    return [
        str(entry["version"])
        for entry in settings.get("entries", [])  # type: ignore[union-attr]
        if entry.get("version") != "dev"
    ]


def release_sentence(settings: Mapping[str, object]) -> str:
    """What the version switcher offers to cite from: its releases, or that there are none."""
    found = releases(settings)
    if not found:
        return (
            "No release of filterviz exists yet: the version switcher lists only the "
            "development version, dev. Once a release is tagged, make site builds it at "
            "its own address, and the permalinks into it keep showing what you saw."
        )
    names = ", ".join(found)
    return (
        f"The version switcher lists the releases {names}; a permalink into one of them "
        "keeps showing what you saw, whatever is released later."
    )


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
    label = _version_label(settings)
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
            "the project does. " + release_sentence(settings)
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
        f"From filterviz ({_version_label(settings)}): {cite['permalink']}",
    ]
    if install:
        lines.append(f"Needs filterviz: {install}")
    lines.append(f"Cite as: {cite['text']}")
    return lines


# --- Sphinx -------------------------------------------------------------------------


class MetadataFreeMatplotlibScraper:
    """sphinx-gallery's Matplotlib scraper, saving PNGs without a Software tag.

    The PNG then depends only on the pixels, not on the Matplotlib version string.
    """

    def __call__(self, block, block_vars, gallery_conf):
        from sphinx_gallery.scrapers import matplotlib_scraper

        return matplotlib_scraper(block, block_vars, gallery_conf, metadata={"Software": None})

    def __repr__(self) -> str:
        return "versioning.MetadataFreeMatplotlibScraper()"


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


def _configure_gallery(app, config) -> None:
    """Before sphinx-gallery reads its configuration: PNGs without metadata."""
    conf = getattr(config, "sphinx_gallery_conf", None)
    if isinstance(conf, dict):
        scrapers = tuple(conf.get("image_scrapers", ("matplotlib",)))
        if scrapers == ("matplotlib",):
            conf["image_scrapers"] = (MetadataFreeMatplotlibScraper(),)


def _configure(app, config) -> None:
    settings = site_settings(os.environ, Path(app.confdir))
    config.filterviz_site = settings
    config.version = str(settings["name"])
    config.release = str(settings["release"])

    options = dict(config.html_theme_options or {})
    options["switcher"] = {
        "json_url": settings["json_url"],
        "version_match": settings["name"],
    }
    options["check_switcher"] = False  # the build stays offline
    options["show_version_warning_banner"] = True
    navbar_end = list(options.get("navbar_end", ["theme-switcher", "navbar-icon-links"]))
    if "version-switcher" not in navbar_end:
        navbar_end.insert(0, "version-switcher")
    options["navbar_end"] = navbar_end
    footer_center = list(options.get("footer_center", []))
    if "provenance" not in footer_center:
        footer_center.append("provenance")
    options["footer_center"] = footer_center
    config.html_theme_options = options

    templates = str(Path(__file__).resolve().parent.parent / "_templates")
    if Path(templates).is_dir() and templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]
    context = dict(config.html_context or {})
    context["filterviz_provenance"] = provenance(settings)
    config.html_context = context

    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = ["references.bib"]
    if config.bibtex_reference_style == "label":
        config.bibtex_reference_style = "author_year"
    if config.bibtex_default_style == "alpha":
        config.bibtex_default_style = "plain"


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


def _write_switcher(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    entries = app.config.filterviz_site["entries"]
    (static / "switcher.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")


def setup(app):
    """Register versions, provenance and citation with Sphinx."""
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

    class VersionDirective(SphinxDirective):
        """One sentence naming the version this build shows and its permalink root."""

        has_content = False

        def run(self):
            settings = self.config.filterviz_site
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"This page belongs to filterviz {_version_label(settings)}: ")
            url = str(settings["version_url"])
            paragraph += nodes.reference(url, url, refuri=url)
            paragraph += nodes.Text(".")
            return [paragraph]

    class ReleasesDirective(SphinxDirective):
        """One sentence: which releases the version switcher offers, or that none exists."""

        has_content = False

        def run(self):
            return [nodes.paragraph(text=release_sentence(self.config.filterviz_site))]

    app.setup_extension("sphinxcontrib.bibtex")
    # Filled in at config-inited: which version this build shows (see site_settings).
    app.add_config_value("filterviz_site", None, "", types=frozenset({dict, type(None)}))
    app.connect("config-inited", _configure_gallery, priority=5)
    app.connect("config-inited", _configure)
    # After sphinx-gallery has written the pages and downloads (priority 500).
    app.connect("builder-inited", _stamp_downloads, priority=800)
    app.connect("source-read", _add_cite_block)
    app.connect("build-finished", _write_switcher)
    app.add_directive("filterviz-bibtex", BibtexDirective)
    app.add_directive("filterviz-version", VersionDirective)
    app.add_directive("filterviz-releases", ReleasesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
