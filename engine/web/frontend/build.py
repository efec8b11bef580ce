"""Build the desk's look: GOV.UK Frontend, pinned in package-lock.json, compiled with the council's settings.

Why a build step: GOV.UK Frontend is an npm package (Sass, an ES module and images) and its default
styles use the GDS Transport font and the crown, which only services on gov.uk may use. So nothing of it
is copied into the repository: `npm ci` installs the pinned versions (package.json, package-lock.json)
into node_modules/ beside this file, npm `sass` compiles desk.scss (GOV.UK Frontend with a system font
set, no @font-face and the desk's assets path) and this script writes, into engine/web/static/govuk/
(gitignored, shipped in the wheel as package data):

    desk-govuk.css          the compiled style sheet
    govuk-frontend.min.js   GOV.UK Frontend's JavaScript, an ES module (engine/web/static/desk.js imports it)
    assets/images/...       the images the compiled style sheet refers to, but never the crown's crest
    build.json              what was built from: the SHA-256 of package-lock.json, desk.scss and this file

Run by `.ci/venv` at set-up (only when build.json is missing or differs) and by the wheel's build backend
(.ci/build_backend.py), so that `pip install .` ships the styles. Stand-alone (the standard library only):

    python engine/web/frontend/build.py            # build when stale
    python engine/web/frontend/build.py --force    # build anyway
    python engine/web/frontend/build.py --check    # exit 1 when stale, build nothing

Raises SystemExit with a message naming what to install when npm is missing, and with npm's or sass's
own message when either fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: where the compiled files go: the desk's static folder (Flask serves it at /static/)
OUT = HERE.parent / "static" / "govuk"
NODE_MODULES = HERE / "node_modules"
GOVUK = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
#: the files whose content decides what is built
INPUTS = ("package.json", "package-lock.json", "desk.scss", "build.py")
#: images of GOV.UK Frontend the desk never ships: the crown is for gov.uk only (the footer is our own)
NOT_SHIPPED = frozenset({"govuk-crest.svg"})
#: the asset path desk.scss sets ($govuk-assets-path), which the compiled style sheet's url()s begin with
ASSETS_URL = "/static/govuk/assets/"


def fingerprint() -> dict[str, str]:
    """{input file name: SHA-256 hex of its bytes} for every file in INPUTS."""
    return {name: hashlib.sha256((HERE / name).read_bytes()).hexdigest() for name in INPUTS}


def is_fresh() -> bool:
    """True when OUT holds a build of exactly the current inputs (its build.json matches)."""
    stamp = OUT / "build.json"
    if not stamp.is_file() or not (OUT / "desk-govuk.css").is_file():
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("inputs") == fingerprint()
    except ValueError:
        return False


def run(command: list[str]) -> None:
    """Run a command in this folder; SystemExit with its output when it fails."""
    done = subprocess.run(command, cwd=HERE, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(
            f"building the desk's styles: `{' '.join(command)}` failed ({done.returncode}):\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )


def build() -> None:
    """`npm ci`, then sass, then copy the script and the images the style sheet uses into OUT."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "building the desk's styles needs npm (Node.js 18 or later), which is not on PATH: install it "
            "(Debian: apt-get install nodejs npm) and run again. It installs GOV.UK Frontend "
            "(engine/web/frontend/package.json; docs/desk.md 'The look')."
        )
    run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "assets" / "images").mkdir(parents=True)
    css = OUT / "desk-govuk.css"
    run(
        [
            str(NODE_MODULES / ".bin" / "sass"),
            "--no-source-map",
            "--style=compressed",
            "--quiet-deps",
            f"--load-path={NODE_MODULES}",
            "desk.scss",
            str(css),
        ]
    )
    shutil.copyfile(GOVUK / "govuk-frontend.min.js", OUT / "govuk-frontend.min.js")
    used = sorted(set(re.findall(r"url\(\"?" + re.escape(ASSETS_URL) + r"([^\")]+)\"?\)", css.read_text("utf-8"))))
    for relative in used:
        if Path(relative).name in NOT_SHIPPED:
            continue
        target = OUT / "assets" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GOVUK / "assets" / relative, target)
    versions = {
        name: json.loads((NODE_MODULES / name / "package.json").read_text("utf-8"))["version"]
        for name in ("govuk-frontend", "sass", "axe-core")
    }
    (OUT / "build.json").write_text(
        json.dumps({"inputs": fingerprint(), "versions": versions}, indent=2) + "\n", encoding="utf-8"
    )


def main(argv: list[str]) -> int:
    """The command line: see the module's docstring. Returns the exit status."""
    if "--check" in argv:
        fresh = is_fresh()
        print("the desk's styles are up to date" if fresh else "the desk's styles need building")
        return 0 if fresh else 1
    if "--force" in argv or not is_fresh():
        print("building the desk's styles (npm ci, sass): engine/web/static/govuk/", file=sys.stderr)
        build()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
