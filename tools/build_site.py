"""Build every version of the filterviz site into one folder (``make site``).

``dev`` is built from the working tree and every release tag ``v*`` from its own
checkout (``git archive``), each with its own ``filterviz`` on ``PYTHONPATH``,
so that each version executes its own examples with its own package::

    site/
        index.html       sends a visitor to stable/ (or dev/ when there are no releases)
        switcher.json    the version switcher's list, shared by every version
        dev/             the working tree
        0.1/  0.2/  ...  the newest release tag of each X.Y
        stable/          a copy of the newest release

Each version is built in a temporary folder inside the output folder and moved
into place only when its build succeeded, so a failure leaves the versions
built before it as they were. A release whose folder records that it was built
from the same commit (and for the same site address) is reused, not rebuilt:
after a change to the working tree only ``dev`` is built again.

Usage::

    python tools/build_site.py --output site [--repo .] [--base-url URL] [--rebuild-all]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: read the few keys needed by hand
    tomllib = None

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS.parent / "docs" / "_ext"))

import buildenv  # noqa: E402  (the one definition of the build environment)

#: Bump when the way a version is built changes, so that old builds are not reused.
BUILD_FORMAT = 1
BUILD_INFO = ".filterviz-build.json"


def _load_versioning():
    """Import the version helpers shared with the Sphinx extension (docs/_ext/versioning.py)."""
    path = TOOLS.parent / "docs" / "_ext" / "versioning.py"
    spec = importlib.util.spec_from_file_location("filterviz_site_versioning", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


versioning = _load_versioning()


class SiteError(Exception):
    """A version could not be built; the message names the version and the reason."""


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SiteError(f"git {' '.join(args)} failed in {repo}: {result.stderr.strip()}")
    return result.stdout.strip()


def _log(message: str) -> None:
    print(f"[build_site] {message}", flush=True)


def release_tags(repo: Path) -> dict[str, str]:
    """Map each ``X.Y`` to its newest release tag; stop at a tag that is not a release name.

    Raises
    ------
    SiteError
        Naming the first ``v*`` tag that is not ``vX.Y`` or ``vX.Y.Z``.
    """
    tags = [tag for tag in _git(repo, "tag", "--list", "v*").split() if tag]
    for tag in sorted(tags):
        try:
            versioning.parse_release_tag(tag)
        except ValueError as error:
            raise SiteError(
                f"version tag {tag!r}: {error}. Rename or delete the tag; no version was built"
            ) from None
    return versioning.newest_per_version(tags)


def _package_dirs(source: Path) -> tuple[str, str, list[str]]:
    """Distribution name, version and top-level packages declared in ``pyproject.toml``."""
    text = (source / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        pyproject = tomllib.loads(text)
        project = pyproject.get("project", {})
        name, version = project.get("name"), project.get("version")
        packages = pyproject.get("tool", {}).get("setuptools", {}).get("packages")
    else:
        name = re.search(r'(?m)^name\s*=\s*"([^"]+)"', text)
        version = re.search(r'(?m)^version\s*=\s*"([^"]+)"', text)
        listed = re.search(r"(?m)^packages\s*=\s*\[([^\]]*)\]", text)
        name, version = (name and name.group(1)), (version and version.group(1))
        packages = re.findall(r'"([^"]+)"', listed.group(1)) if listed else None
    if not name or not version:
        raise SiteError("pyproject.toml has no static [project] name and version")
    return name, version, list(packages or [name.replace("-", "_")])


def install_package(source: Path, target: Path) -> str:
    """Copy the package of `source` into `target` with its metadata; return its version.

    `target` then goes first on ``PYTHONPATH``: ``import filterviz`` and
    ``importlib.metadata.version("filterviz")`` both see this version, not the
    one installed in the virtual environment.
    """
    name, version, packages = _package_dirs(source)
    # A sub-package ("filterviz.cli") is a folder of its top-level package, copied with it.
    packages = [package for package in packages if "." not in package]
    target.mkdir(parents=True)
    for package in packages:
        shutil.copytree(
            source / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    dist_info = target / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (dist_info / "top_level.txt").write_text("\n".join(packages) + "\n", encoding="utf-8")
    return version


def export_tag(repo: Path, tag: str, destination: Path) -> None:
    """Write the files of `tag` into `destination` (``git archive``, nothing else touched)."""
    destination.mkdir(parents=True)
    process = subprocess.Popen(
        ["git", "-C", str(repo), "archive", "--format=tar", tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
        archive.extractall(destination, filter="data")
    stderr = process.stderr.read().decode()
    if process.wait() != 0:
        raise SiteError(f"git archive {tag} failed: {stderr.strip()}")


def export_working_tree(repo: Path, destination: Path) -> None:
    """Copy the working tree's files that git tracks or would track (not ignored ones)."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in sorted(set(filter(None, listing.split("\0")))):
        source = repo / name
        if not source.is_file():  # deleted in the working tree, or a submodule
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _build_environment(
    package_dir: Path,
    name: str,
    release: str,
    base_url: str,
    commit: str,
    dirty: bool,
    timestamp: str,
    repo: Path,
) -> dict[str, str]:
    env = dict(os.environ)
    for key in [key for key in env if key.startswith("READTHEDOCS")]:
        del env[key]
    buildenv.apply(env)
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        SOURCE_DATE_EPOCH=timestamp,
        PYTHONPATH=os.pathsep.join(filter(None, [str(package_dir), env.get("PYTHONPATH")])),
        FILTERVIZ_SITE_VERSION=name,
        FILTERVIZ_SITE_RELEASE=release,
        FILTERVIZ_SITE_URL=base_url,
        FILTERVIZ_SWITCHER_URL="../switcher.json",
        FILTERVIZ_SITE_COMMIT=commit,
        FILTERVIZ_SITE_DIRTY="1" if dirty else "0",
    )
    # The package now lives in a temporary folder: point it at the repository's data.
    archive = repo.parent / "shared" / "data" / "cifar10-jpeg.tar.gz"
    if "FILTERVIZ_CIFAR10_ARCHIVE" not in env and archive.exists():
        env["FILTERVIZ_CIFAR10_ARCHIVE"] = str(archive)
    env.setdefault("FILTERVIZ_CACHE", str(repo / ".cache"))
    return env


def _read_build_info(folder: Path) -> dict | None:
    try:
        return json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _replace_folder(new: Path, final: Path, scratch: Path) -> None:
    """Put `new` at `final`; the old `final`, if any, goes to `scratch` first."""
    if final.exists():
        final.rename(scratch / f"old-{final.name}")
    new.rename(final)


def build_version(repo: Path, output: Path, name: str, tag: str | None, base_url: str) -> None:
    """Build one version (`tag`, or the working tree when None) into ``output/name``."""
    label = f"version {name}" + (f" (tag {tag})" if tag else " (working tree)")
    if tag:
        commit = _git(repo, "rev-parse", f"{tag}^{{commit}}")
        dirty = False
        release = versioning.release_number(tag)
    else:
        commit = _git(repo, "rev-parse", "HEAD")
        dirty = bool(_git(repo, "status", "--porcelain"))
        release = "dev"
    timestamp = _git(repo, "log", "-1", "--format=%ct", commit)
    scratch = Path(tempfile.mkdtemp(prefix=f".build-{name}-", dir=output))
    try:
        source = scratch / "source"
        if tag:
            export_tag(repo, tag, source)
        else:
            source.mkdir()
            export_working_tree(repo, source)
        if not (source / "docs" / "conf.py").exists():
            raise SiteError(f"{label}: it has no docs/conf.py to build")
        try:
            package_version = install_package(source, scratch / "python")
        except (OSError, ValueError, KeyError, SiteError) as error:
            raise SiteError(f"{label}: cannot install its package: {error}") from None
        _log(f"building {label}, commit {commit[:10]}, filterviz {package_version}")
        env = _build_environment(
            scratch / "python", name, release, base_url, commit, dirty, timestamp, repo
        )
        html = scratch / "html"
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-W",
                "--keep-going",
                "-q",
                "-b",
                "html",
                "-d",
                str(scratch / "doctrees"),
                str(source / "docs"),
                str(html),
            ],
            cwd=source,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
            raise SiteError(
                f"{label}: its site build failed (sphinx-build exit status "
                f"{result.returncode}); the versions built before it are left as they "
                f"were. End of its output:\n{tail}"
            )
        info = {
            "format": BUILD_FORMAT,
            "version": name,
            "tag": tag,
            "commit": commit,
            "dirty": dirty,
            "base_url": base_url,
            "filterviz": package_version,
        }
        (html / BUILD_INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        _replace_folder(html, output / name, scratch)
        _log(f"built {label} in {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _is_current(folder: Path, tag: str, commit: str, base_url: str) -> bool:
    info = _read_build_info(folder)
    return bool(
        info
        and info.get("format") == BUILD_FORMAT
        and info.get("tag") == tag
        and info.get("commit") == commit
        and info.get("base_url") == base_url
    )


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _redirect_page(target: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>filterviz</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<p>The filterviz site is at <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def _check_output(output: Path, first_version: str) -> None:
    """Fail early, naming the version, when the output folder cannot be written."""
    if output.exists() and not output.is_dir():
        raise SiteError(
            f"version {first_version}: cannot write the output folder {output}: "
            "it is a file, not a folder"
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=".probe-", dir=output))
        probe.rmdir()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SiteError(
            f"version {first_version}: cannot write the output folder {output}: {reason}"
        ) from None


def build_site(repo: Path, output: Path, base_url: str, *, rebuild_all: bool = False) -> list[str]:
    """Build dev and every release of `repo` into `output`; return the versions built or kept.

    Raises
    ------
    SiteError
        When a tag name is not a release name, a version fails to build, or the
        output folder cannot be written; the message names the version.
    """
    base_url = versioning.check_base_url(base_url)
    repo = Path(_git(repo, "rev-parse", "--show-toplevel"))
    releases = release_tags(repo)
    first = next(iter(releases), "dev")
    _check_output(output, first)
    output = output.resolve()

    for name, tag in releases.items():
        commit = _git(repo, "rev-parse", f"{tag}^{{commit}}")
        if not rebuild_all and _is_current(output / name, tag, commit, base_url):
            _log(f"reusing version {name} (tag {tag}, commit {commit[:10]}): already built")
            continue
        build_version(repo, output, name, tag, base_url)
    build_version(repo, output, "dev", None, base_url)

    scratch = Path(tempfile.mkdtemp(prefix=".build-stable-", dir=output))
    try:
        if releases:
            newest = list(releases)[-1]
            if _read_build_info(output / "stable") != _read_build_info(output / newest):
                shutil.copytree(output / newest, scratch / "stable", symlinks=True)
                _replace_folder(scratch / "stable", output / "stable", scratch)
                _log(f"stable is now version {newest}")
        elif (output / "stable").exists():
            (output / "stable").rename(scratch / "old-stable")
            _log("no release tags: removed stable/")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    entries = versioning.switcher_entries(list(releases.values()), base_url)
    _write_atomically(output / "switcher.json", json.dumps(entries, indent=2) + "\n")
    _write_atomically(output / "index.html", _redirect_page("stable/" if releases else "dev/"))
    _write_atomically(output / ".nojekyll", "")
    known = {"dev", "stable", *releases}
    for folder in sorted(output.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in known:
            if _read_build_info(folder):
                _log(f"note: {folder.name}/ is not a current release; left in place")
    return ["dev", *releases]


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make site``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, required=True, help="the site folder")
    parser.add_argument(
        "--repo", type=Path, default=Path.cwd(), help="the git repository (default: here)"
    )
    parser.add_argument(
        "--base-url",
        default=os.environ.get("FILTERVIZ_SITE_URL", versioning.SITE_URL),
        help="where the site folder is published (permalinks and switcher); "
        f"default: $FILTERVIZ_SITE_URL or {versioning.SITE_URL}",
    )
    parser.add_argument(
        "--rebuild-all", action="store_true", help="rebuild releases even if already built"
    )
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        base_url = versioning.check_base_url(arguments.base_url)
    except ValueError as error:
        print(f"build_site: --base-url: {error}", file=sys.stderr)
        return 2
    try:
        versions = build_site(
            arguments.repo, arguments.output, base_url, rebuild_all=arguments.rebuild_all
        )
    except SiteError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    _log(
        f"site ready in {arguments.output}/ ({', '.join(versions)}) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
