"""The narration of whole samples, pinned pause by pause in both vocabularies.

Each sample runs in a real debuggee, stepped with ``step`` from its first pause to its end;
every pause (and the final screen) is narrated by ``RunState`` exactly as the UI shows it. The
expected stories are plain text in ``tests/expected/narration_<sample>.txt``: one block per
pause, the step number and the pause reason, then the technical and the waiter sentence.
Automatic task names are masked (``Task-#``): their numbers depend on how many tasks asyncio
and the engine made before, which is not what these stories are about.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loopscope.session import Launch
from loopscope.ui.feed import LiveSource
from loopscope.ui.state import RunState

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "tests" / "expected"


def story(sample: str) -> str:
    """Step ``sample`` to its end; the narration of every history entry, as text."""
    source = LiveSource(Launch(target=[f"samples/{sample}"], cwd=str(REPO), clock="virtual",
                               slow=10.0, time_limit=86400.0))
    run = RunState()
    source.start()
    try:
        while not run.ended:
            changes = run.apply_all(source.next_batch(5.0))
            if changes.entry and run.paused:
                source.send({"kind": "step"})
    finally:
        source.stop()
    blocks = []
    for entry in run.history:
        blocks.append(f"step {entry.snapshot.get('step')} · {entry.reason}\n"
                      f"  technical: {entry.sentence('technical')}\n"
                      f"  waiter: {entry.sentence('waiter')}\n")
    return re.sub(r"\bTask-\d+", "Task-#", "\n".join(blocks))


@pytest.mark.parametrize("sample", ["waiter", "queue_workers"])
def test_the_story_of_a_sample_in_both_vocabularies(sample: str) -> None:
    expected = (EXPECTED / f"narration_{sample}.txt").read_text()
    assert story(f"{sample}.py") == expected


def test_the_example_of_the_issue() -> None:
    """Issue 4's own example: worker Two sleeps 10 s while One is next (queue_workers)."""
    told = (EXPECTED / "narration_queue_workers.txt").read_text()
    assert ("  waiter: The waiter leaves table One with an order sheet; it will be ready at "
            "t=15.0. He goes to table Two, which is ready to order.\n") in told
    assert ("  technical: One awaited sleep(15): a timer is set for t=15.0; next: Two\n"
            in told)
