"""comply installed like a tool: a wheel, installed into a fresh virtual environment, works from any folder.

The wheel is built as `pip install .` and `pipx install .` build it (pip, through the in-tree backend
.ci/build_backend.py, with build isolation), and must carry what comply reads at run time: the direction files,
the lawyers' feature files, the bundled data, the templates and the desk's built styles. It is installed with
`--no-deps --no-index` into a new virtual environment whose own site-packages then holds comply and nothing else.

Why the fresh environment is still a faithful fresh install although it takes its dependencies (durable-rules,
pendulum, ...) from this test's environment: they are reached through a `.pth` line naming this environment's
site-packages folder, which only appends that folder to sys.path. Python processes the .pth files of a site
folder only when the folder is a site folder of the running interpreter, so the editable install of the checkout
there (`__editable__.comply-*.pth`, the hook that maps `engine` to the checkout) never runs: the test proves that
`engine` cannot be imported without the fresh environment's own copy. Installing the dependencies again from the
package registries would prove nothing more about comply and would take minutes.

Then, from an unrelated temporary folder, `comply --version`, `comply directions` and `comply check --as-of
2017-07-01` (which creates ./comply.db there with the demo data, as documented) run and print the bundled
directions and the recorded findings of that date (tests/data/check-first-of-month.json). Every file opened
by the installed comply is watched with an audit hook (sys.addaudithook): none is in the checkout.

The second half checks `.ci/venv` in the checkout: a command run through it from another folder reads and
writes that folder (`comply check` creates ./comply.db there; `comply calendar --out` writes there).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
RECORDED = REPO_ROOT / "tests" / "data" / "check-first-of-month.json"
#: this test's environment (the checkout's .venv, or $COMPLY_VENV): the dependencies come from here
DEV_PREFIX = Path(sys.prefix).resolve()

#: run inside the fresh environment: the comply command line with every file it opens or lists recorded
#: (audit events `open`, `os.listdir`, `os.scandir`), written as JSON to argv[1] when it exits
WATCHED = """
import json, os, sys
log, args = sys.argv[1], sys.argv[2:]
seen = []
def hook(event, hook_args):
    if event in ("open", "os.listdir", "os.scandir") and hook_args and isinstance(hook_args[0], (str, bytes, os.PathLike)):
        seen.append(os.path.abspath(os.fsdecode(hook_args[0])))
sys.addaudithook(hook)
from engine.cli.main import app
try:
    app(args=args, prog_name="comply")
finally:
    with open(log, "w", encoding="utf-8") as f:
        json.dump(seen, f)
"""


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with comply installed from a wheel, and an unrelated folder to run it in."""

    wheel: Path
    venv: Path
    site: Path
    elsewhere: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
        """The installed `comply` console script with `args`, run in the unrelated folder."""
        return subprocess.run(
            [str(self.venv / "bin" / "comply"), *args],
            cwd=self.elsewhere,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def watched(self, *args: str) -> tuple[subprocess.CompletedProcess[str], list[Path]]:
        """The installed comply with `args` and the paths of every file it opened or folder it listed."""
        log = self.elsewhere.parent / "opened.json"
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c", WATCHED, str(log), *args],
            cwd=self.elsewhere,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        return done, [Path(p) for p in json.loads(log.read_text(encoding="utf-8"))]


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point comply or Python at the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLY_", "PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from the checkout, installed into a new virtual environment (see the module docstring)."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(wheels), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("comply-*.whl")
    venv = base / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installing = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installing.returncode == 0, installing.stdout + installing.stderr
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies: this environment's site folders appended to sys.path (their .pth files are not run)
    folders = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "zz-comply-test-dependencies.pth").write_text("".join(f"{f}\n" for f in folders), encoding="utf-8")
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return Installed(wheel, venv, site, elsewhere, _clean_env())


def _in_checkout(path: Path) -> bool:
    """True for a path inside the checkout but outside this test's environment (which may live inside it)."""
    resolved = path.resolve()
    return resolved.is_relative_to(REPO_ROOT) and not resolved.is_relative_to(DEV_PREFIX)


def test_the_wheel_carries_the_directions_features_data_templates_and_styles(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = {f"engine/directions/bundled/directions/{p.name}" for p in (REPO_ROOT / "directions").glob("*.yaml")} | {
        f"engine/directions/bundled/features/{p.name}" for p in (REPO_ROOT / "features").glob("*.feature")
    }
    for folder in ("engine/store/data", "engine/store/migrations", "engine/outputs/templates", "engine/web/templates"):
        expected |= {p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / folder).rglob("*") if p.is_file()}
    expected |= {"engine/web/static/govuk/desk-govuk.css", "engine/web/static/govuk/govuk-frontend.min.js"}
    assert len(expected) > 60  # 7 directions, 8 features, the data, the migrations, dozens of templates
    assert sorted(expected - names) == []
    # one copy of the direction files, inside the package; nothing of the tests or the step definitions
    assert not [n for n in names if n.startswith(("directions/", "features/", "tests/"))]
    assert not [n for n in names if n.startswith("engine/directions/bundled/") and n.endswith(".py")]
    # the modules of the checkout as it is, and nothing an earlier build left behind
    modules = {n for n in names if n.endswith(".py")}
    assert modules <= {
        p.relative_to(REPO_ROOT).as_posix() for r in ("engine", "rules") for p in (REPO_ROOT / r).rglob("*.py")
    }
    assert "engine/cli/main.py" in modules and "rules/obligations.py" in modules


def test_the_fresh_environment_cannot_import_the_checkout(installed: Installed) -> None:
    """Without its own site-packages, the fresh environment finds no `engine` at all: the checkout's editable
    install, whose folder supplies the dependencies, is not active there."""
    probe = (
        f"import sys; sys.path.remove({str(installed.site)!r})\n"
        "try:\n    import engine\nexcept ModuleNotFoundError:\n    print('no engine')\n"
        "else:\n    print(engine.__file__)\n"
    )
    done = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        env=installed.env,
        cwd=installed.elsewhere,  # `python -c` puts the working folder first on sys.path
    )
    assert done.stdout.strip() == "no engine", done.stdout + done.stderr
    where = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", "import engine; print(engine.__file__)"],
        capture_output=True,
        text=True,
        env=installed.env,
        cwd=installed.elsewhere,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.site), where.stdout + where.stderr


def test_version_from_the_installed_metadata(installed: Installed) -> None:
    done = installed.run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"comply {metadata.version('comply')}\n"
    assert done.stdout == "comply 0.1.0\n"


def test_directions_lists_the_installed_copy_from_any_folder(installed: Installed) -> None:
    done, opened = installed.watched("directions")
    assert done.returncode == 0, done.stderr
    for path in sorted((REPO_ROOT / "directions").glob("*.yaml")):
        assert f"{path.stem}." in done.stdout, f"{path.stem} is not listed:\n{done.stdout}"
    assert "bv-2017.quarterly-report" in done.stdout
    bundled = installed.site / "engine" / "directions" / "bundled" / "directions"
    assert any(p.is_relative_to(bundled) and p.suffix == ".yaml" for p in opened)
    assert not [p for p in opened if _in_checkout(p)]


def test_check_creates_the_demo_store_in_the_working_folder_and_finds_the_recorded_findings(
    installed: Installed,
) -> None:
    store = installed.elsewhere / "comply.db"
    assert not store.exists()
    text = installed.run("check", "--as-of", "2017-07-01")
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["2017-07-01"]
    breached = any(f["status"] == "breached" for f in recorded)
    assert text.returncode == (1 if breached else 0), text.stderr
    assert "London Borough of Tower Hamlets" in text.stdout
    assert "created the default store with the Tower Hamlets 2017-18 demo data" in text.stderr
    assert store.is_file()
    done, opened = installed.watched("check", "--as-of", "2017-07-01", "--format", "json")
    assert done.returncode == text.returncode, done.stderr
    doc = json.loads(done.stdout)
    assert sorted(doc["directions"]) == sorted(p.stem for p in (REPO_ROOT / "directions").glob("*.yaml"))
    found = [{k: f[k] for k in ("id", "status", "due", "evidence")} for f in doc["findings"]]
    assert found == recorded
    counts = {s: sum(f["status"] == s for f in recorded) for s in doc["counts"]}
    assert doc["counts"] == counts
    assert sum(counts.values()) == len(recorded) > 50
    assert not [p for p in opened if _in_checkout(p)]


def test_docs_without_a_checkout_asks_for_results_and_writes_nothing(installed: Installed) -> None:
    done = installed.run("docs", "--out", "site")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "only from a checkout" in done.stderr and "--results" in done.stderr
    assert not (installed.elsewhere / "site").exists()


# `.ci/venv` in the checkout: the caller's folder is the working folder


def _ci_venv(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = _clean_env()
    env["COMPLY_VENV"] = str(DEV_PREFIX)  # this environment, already set up (no new install)
    return subprocess.run(
        ["bash", str(REPO_ROOT / ".ci" / "venv"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ci_venv_runs_comply_in_the_callers_folder(tmp_path: Path) -> None:
    checked = _ci_venv(tmp_path, "comply", "check", "--as-of", "2017-07-01", "--format", "json")
    assert checked.returncode in (0, 1), checked.stderr
    assert json.loads(checked.stdout)["as_of"] == "2017-07-01T00:00:00+01:00"
    assert (tmp_path / "comply.db").is_file()
    feed = _ci_venv(tmp_path, "comply", "calendar", "--out", "obligations.ics")
    assert feed.returncode == 0, feed.stderr
    assert (tmp_path / "obligations.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert not (REPO_ROOT / "obligations.ics").exists()
    version = _ci_venv(tmp_path, "comply", "--version")
    assert (version.returncode, version.stdout) == (0, "comply 0.1.0\n")


def test_in_a_checkout_the_directions_are_the_checkouts_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """An editable install (`bash .ci/venv`) reads the checkout's directions/ and features/, so an edit takes
    effect at once; the wheel's copy exists only in a built wheel."""
    from engine.cli.app import default_settings
    from engine.directions.bundled import INSTALLED, bundled_directions_dir, bundled_features_dir, is_checkout

    assert not INSTALLED.exists()
    assert bundled_directions_dir() == REPO_ROOT / "directions"
    assert bundled_features_dir() == REPO_ROOT / "features"
    assert is_checkout()
    monkeypatch.delenv("COMPLY_DIRECTIONS", raising=False)
    assert default_settings().directions_dir == REPO_ROOT / "directions"
    monkeypatch.setenv("COMPLY_DIRECTIONS", "elsewhere/directions")
    assert default_settings().directions_dir == Path("elsewhere/directions")


def test_the_source_distribution_carries_what_building_the_wheel_from_it_needs(tmp_path: Path) -> None:
    """`python -m build` builds the sdist, then the wheel from the sdist alone: without MANIFEST.in the sdist
    held neither the build backend pyproject.toml names nor the direction and feature files it copies into the
    wheel, nor what the desk's styles are compiled from. The backend's own build_sdist hook is called as a
    build frontend would (backend-path), in a copy of the tracked files, so nothing is written to the checkout."""
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    tree = tmp_path / "tree"
    for name in filter(None, tracked):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes((REPO_ROOT / name).read_bytes())
    out = tmp_path / "dist"
    out.mkdir()
    code = "import sys; sys.path.insert(0, '.ci'); import build_backend; print(build_backend.build_sdist(sys.argv[1]))"
    run = subprocess.run([sys.executable, "-c", code, str(out)], cwd=tree, capture_output=True, text=True,
                         env=_clean_env(), timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    with tarfile.open(out / run.stdout.strip().splitlines()[-1]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    sys.path.insert(0, str(REPO_ROOT / ".ci"))
    try:
        from build_backend import BUNDLED
    finally:
        sys.path.remove(str(REPO_ROOT / ".ci"))
    wanted = {".ci/build_backend.py", "pyproject.toml", "engine/web/frontend/build.py"}
    wanted |= {f"engine/web/frontend/{n}" for n in ("package.json", "package-lock.json", "desk.scss")}
    for folder, globs in BUNDLED.items():
        found = {p.relative_to(REPO_ROOT).as_posix() for g in globs for p in (REPO_ROOT / folder).glob(g)}
        assert found, f"{folder}/ {globs} matched nothing in the checkout"
        wanted |= found
    assert wanted <= names, sorted(wanted - names)
