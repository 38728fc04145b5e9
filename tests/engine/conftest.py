"""Fixtures shared by the engine tests that drive an interactive debuggee."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .test_interactive import Driver


@pytest.fixture
def start() -> Iterator[Callable[..., Driver]]:
    """``start(target, **launch)``: a debuggee driven command by command, closed afterwards."""
    made: list[Driver] = []

    def start(target: str, **launch: Any) -> Driver:
        made.append(Driver(target, **launch))
        return made[-1]

    yield start
    for driver in made:
        driver.close()
