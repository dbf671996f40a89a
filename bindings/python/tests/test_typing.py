"""py.typed promises usable type hints: mypy checks the package (its
handwritten modules; core.py is SWIG's) and a caller's typical use of it."""
import subprocess
import sys
from pathlib import Path

import unalloc

PKG = Path(unalloc.__file__).parent

USE = '''
import datetime as dt
import unalloc

cal: unalloc.Calendar = unalloc.Calendar("scotland", closures=["2024-12-24..2024-12-31"])
due = cal.add_working_days("2024-05-13", 5)
n = cal.count_working_days(dt.date(2024, 5, 13), "2024-05-20")
policy = unalloc.Policy.builtin("nelc-2022")
result: unalloc.Result = unalloc.evaluate(unalloc.Case("C1"), policy, "2024-06-14")
text: str = result.to_json()
rules: list[unalloc.Rule] = policy.rules
version: str = unalloc.__version__
'''


def mypy(tmp_path, *files):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), *map(str, files)],
        capture_output=True, text=True, cwd=PKG.parent)
    assert proc.returncode in (0, 1), proc.stderr  # 2 is mypy failing to run
    return [line for line in proc.stdout.splitlines()
            if ": error:" in line and "core.py" not in line]


def test_mypy_accepts_the_package_and_its_use(tmp_path):
    use = tmp_path / "use.py"
    use.write_text(USE)
    errors = mypy(tmp_path, PKG / "__init__.py", PKG / "_frames.py", use)
    assert not errors, "\n".join(errors)


def test_mypy_sees_the_hints(tmp_path):
    """The hints are read: a wrong use is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import unalloc\nv: int = unalloc.__version__\n"
                   "unalloc.Calendar().holidays(1)\n")
    errors = mypy(tmp_path, bad)
    assert any("bad.py:2" in e for e in errors) and any("bad.py:3" in e for e in errors), errors
