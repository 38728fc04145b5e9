"""The layering the UI relies on, checked in a fresh interpreter.

* ``loopscope.ui.app`` imports no Textual: ``run_app`` starts the debuggee first, then loads
  the UI while the program runs to its first pause (start-up time, issue 6).
* The modules that decide (``state``, ``view``, ``feed``, ``history``, ``narrate``) import no
  Textual either, so a recorder, a replay or a benchmark can use them headless.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.parametrize("module", [
    "loopscope.ui.app", "loopscope.ui.state", "loopscope.ui.view", "loopscope.ui.feed",
    "loopscope.history", "loopscope.narrate",
])
def test_module_imports_no_textual(module: str) -> None:
    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
