"""The desk's GOV.UK Frontend build (engine/web/frontend/build.py): pinned versions, the council's settings
(a system font, no GDS Transport @font-face, no crown), a clear error without npm."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[2] / "engine" / "web" / "frontend"
BUILT = FRONTEND.parent / "static" / "govuk"


def test_the_build_is_fresh_and_of_the_pinned_versions():
    checked = subprocess.run([sys.executable, str(FRONTEND / "build.py"), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    package = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    built = json.loads((BUILT / "build.json").read_text(encoding="utf-8"))["versions"]
    assert (
        package["dependencies"]["govuk-frontend"] == built["govuk-frontend"] == "6.3.0"
    )  # govuk-frontend-jinja 4.1.0's
    assert package["devDependencies"]["sass"] == built["sass"]
    assert package["devDependencies"]["axe-core"] == built["axe-core"] and built["axe-core"].startswith("4.14.")
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/govuk-frontend"]["version"] == "6.3.0"


def test_the_style_sheet_has_a_system_font_and_no_crown():
    css = (BUILT / "desk-govuk.css").read_text(encoding="utf-8")
    assert "@font-face" not in css and "GDS Transport" not in css
    assert "system-ui" in css
    assert ".govuk-tag--red" in css and ".govuk-service-navigation__toggle" in css
    shipped = {p.name for p in BUILT.rglob("*") if p.is_file()}
    assert "govuk-crest.svg" not in shipped and not any(n.endswith((".woff", ".woff2")) for n in shipped)
    assert (BUILT / "govuk-frontend.min.js").read_text(encoding="utf-8").count("export{") >= 1  # an ES module


def test_without_npm_the_build_says_what_to_install(tmp_path: Path):
    copy = tmp_path / "web" / "frontend"
    copy.mkdir(parents=True)
    for name in ("package.json", "package-lock.json", "desk.scss", "build.py"):
        shutil.copyfile(FRONTEND / name, copy / name)
    done = subprocess.run(
        [sys.executable, str(copy / "build.py")], capture_output=True, text=True, env={"PATH": str(tmp_path)}
    )
    assert done.returncode != 0
    assert "needs npm" in done.stderr and "apt-get install nodejs npm" in done.stderr, done.stderr
    assert not (tmp_path / "web" / "static").exists()  # nothing written
