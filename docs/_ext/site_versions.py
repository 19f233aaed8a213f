"""The versions of the filterviz site: which one a build shows, and its version switcher.

Every build knows which version of filterviz it shows (`site_settings`), and
``docs/conf.py`` hands that to the pydata-sphinx-theme version switcher and its
"not the latest version" banner (`theme_options`; offline: the theme never
fetches the switcher file during the build) and to the provenance line in the
footer of every page (`provenance`: the filterviz version, the git commit, and
the TensorFlow, Keras and NumPy versions that executed the examples). As a
Sphinx extension, this module writes the build's ``_static/switcher.json`` and
offers the ``filterviz-version`` and ``filterviz-releases`` directives.

Which version a build shows comes from, in order:

1. ``tools/build_site.py`` (``make site``), through the environment variables
   ``FILTERVIZ_SITE_VERSION`` (``dev`` or ``X.Y``), ``FILTERVIZ_SITE_RELEASE``
   (``dev`` or ``X.Y.Z``), ``FILTERVIZ_SITE_URL`` (where the versions are
   published), ``FILTERVIZ_SWITCHER_URL``, ``FILTERVIZ_SITE_COMMIT`` and
   ``FILTERVIZ_SITE_DIRTY``;
2. Read the Docs, through the ``READTHEDOCS_*`` variables it sets;
3. otherwise (``make docs``): the development version of the working tree.

The functions before the Sphinx section have no Sphinx dependency;
``tools/build_site.py`` imports them to write the shared ``switcher.json``.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.metadata
import json
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

#: Where ``make site`` publishes the versions unless told otherwise.
SITE_URL = "https://filterviz.readthedocs.io/en/"

#: A release tag: ``vMAJOR.MINOR`` or ``vMAJOR.MINOR.PATCH``, no leading zeros.
RELEASE_TAG = re.compile(r"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$")
#: A version folder of the site: ``dev`` or ``X.Y``.
VERSION_NAME = re.compile(r"^(?:dev|(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*))$")
#: A full release number: ``X.Y.Z``.
RELEASE_NUMBER = re.compile(r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$")


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


def version_label(settings: Mapping[str, object]) -> str:
    """How a sentence names the version this build shows: its release, or dev and the commit."""
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


def theme_options(settings: Mapping[str, object]) -> dict[str, object]:
    """The pydata-sphinx-theme options of the version switcher and the old-version banner.

    ``docs/conf.py`` puts them into ``html_theme_options``, with
    ``"version-switcher"`` in ``navbar_end``.
    """
    return {
        "switcher": {"json_url": settings["json_url"], "version_match": settings["name"]},
        "check_switcher": False,  # the build stays offline
        "show_version_warning_banner": True,
    }


# --- Sphinx -------------------------------------------------------------------------


def _check_settings(app, config) -> None:
    if not isinstance(config.filterviz_site, dict):
        from sphinx.errors import ConfigError

        raise ConfigError(
            "filterviz_site is not set in conf.py: set it to "
            "site_versions.site_settings(os.environ, <the folder of conf.py>)"
        )


def _write_switcher(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    entries = app.config.filterviz_site["entries"]
    (static / "switcher.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")


def setup(app):
    """Write this build's switcher.json; add the filterviz-version and -releases directives."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class VersionDirective(SphinxDirective):
        """One sentence naming the version this build shows and its permalink root."""

        has_content = False

        def run(self):
            settings = self.config.filterviz_site
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"This page belongs to filterviz {version_label(settings)}: ")
            url = str(settings["version_url"])
            paragraph += nodes.reference(url, url, refuri=url)
            paragraph += nodes.Text(".")
            return [paragraph]

    class ReleasesDirective(SphinxDirective):
        """One sentence: which releases the version switcher offers, or that none exists."""

        has_content = False

        def run(self):
            return [nodes.paragraph(text=release_sentence(self.config.filterviz_site))]

    # Which version this build shows: conf.py sets it to site_settings(...).
    app.add_config_value("filterviz_site", None, "", types=frozenset({dict, type(None)}))
    app.connect("config-inited", _check_settings)
    app.connect("build-finished", _write_switcher)
    app.add_directive("filterviz-version", VersionDirective)
    app.add_directive("filterviz-releases", ReleasesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
