"""Bind every scenario of every .feature file (features/, or the folder `$COMPLY_FEATURES` names) to
the step library.

pytest-bdd's `scenarios()` reads the files as plain UTF-8 (and ignores its `encoding` argument when
it lists them), so a file saved with a byte-order mark, as Windows Notepad saves it, would fail with
"Unexpected token" on a line that looks right. The files are therefore read here with
`engine.core.files.read_text` (UTF-8 with or without a BOM, anything else refused naming the file) and
each scenario bound with `scenario(..., encoding="utf-8-sig")`, as `scenarios()` would bind it.
"""

import os
from pathlib import Path

from pytest_bdd import scenario
from pytest_bdd.feature import get_feature
from pytest_bdd.scenario import get_python_name_generator

from engine.core.files import read_text

FOLDER = Path(os.environ.get("COMPLY_FEATURES") or Path(__file__).parent)

for _path in sorted(FOLDER.rglob("*.feature")):
    read_text(_path)  # refuses another encoding (FileError naming the file: "save it as UTF-8")
    for _name in get_feature(str(_path.parent), _path.name, encoding="utf-8-sig").scenarios:

        @scenario(str(_path), _name, encoding="utf-8-sig", features_base_dir=str(_path.parent))
        def _scenario() -> None:
            pass

        for _test in get_python_name_generator(_name):
            if _test not in globals():
                globals()[_test] = _scenario
                break
