"""Deadlock diagnosis: the wait-for graph of the stuck tasks, with its cycles named.

A deadlock report says, for each stuck task, whom it waits for (``→ Bob: could set Event
bob_done``) and names each cycle of the graph (``cycle: Alice → Bob → Alice``): in the
``deadlock`` event (``waits_for``, ``note``, ``cycles``) and in the human trace.
"""

from __future__ import annotations

from loopscope.engine.waitgraph import find_cycles

from ._support import PROGRAMS, SAMPLES, loopscope, normalize, normalize_text, of_kind, trace_json


def _deadlock_block(stderr: str) -> str:
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("        DEADLOCK at t="))
    end = start + 1
    while end < len(lines) and lines[end].startswith("          "):
        end += 1
    return normalize_text("\n".join(lines[start:end]))


def test_two_tasks_waiting_for_each_others_event_are_a_cycle() -> None:
    proc = loopscope("trace", SAMPLES / "deadlock.py", timeout=30)
    assert proc.returncode == 1
    assert _deadlock_block(proc.stderr) == (
        "        DEADLOCK at t=0: no task can ever run again\n"
        "          task Task-# awaits gather(2 tasks, 0 done) at deadlock.py:38\n"
        "            → Alice: gathered\n"
        "            → Bob: gathered\n"
        "          task Alice awaits Event.wait() at deadlock.py:23\n"
        "            → Bob: could set Event bob_done\n"
        "          task Bob awaits Event.wait() at deadlock.py:30\n"
        "            → Alice: could set Event alice_done\n"
        "          cycle: Alice → Bob → Alice")


def test_three_tasks_each_holding_the_lock_the_next_wants_are_a_cycle() -> None:
    proc = loopscope("trace", PROGRAMS / "lock_cycle.py", timeout=30)
    assert proc.returncode == 1
    assert _deadlock_block(proc.stderr) == (
        "        DEADLOCK at t=0: no task can ever run again\n"
        "          task Task-# awaits TaskGroup(3 tasks) at lock_cycle.py:16\n"
        "            → A: in its TaskGroup\n"
        "            → B: in its TaskGroup\n"
        "            → C: in its TaskGroup\n"
        "          task A awaits Lock.acquire() at lock_cycle.py:9\n"
        "            → B: holds Lock b\n"
        "          task B awaits Lock.acquire() at lock_cycle.py:9\n"
        "            → C: holds Lock c\n"
        "          task C awaits Lock.acquire() at lock_cycle.py:9\n"
        "            → A: holds Lock a\n"
        "          cycle: A → B → C → A")


def test_the_deadlock_event_carries_the_graph() -> None:
    events, _, code = trace_json(SAMPLES / "deadlock.py", timeout=30)
    assert code == 1
    (deadlock,) = of_kind(events, "deadlock")
    assert normalize(deadlock["cycles"]) == [
        {"task_ids": ["T2", "T3", "T2"], "text": "Alice → Bob → Alice"}]
    assert [t["waits_for"] for t in deadlock["tasks"]] == [
        [{"task_id": "T2", "task": "Alice", "why": "gathered"},
         {"task_id": "T3", "task": "Bob", "why": "gathered"}],
        [{"task_id": "T3", "task": "Bob", "why": "could set Event bob_done"}],
        [{"task_id": "T2", "task": "Alice", "why": "could set Event alice_done"}],
    ]


def test_waits_nobody_can_end_are_said_and_make_no_cycle() -> None:
    events, _, _ = trace_json(PROGRAMS / "deadlock.py", timeout=30)
    (deadlock,) = of_kind(events, "deadlock")
    assert deadlock["cycles"] == []
    assert [(t["task"], t.get("note")) for t in deadlock["tasks"][1:]] == [
        ("Alice", "no task could set Event event"),
        ("Reader", "no task could put into Queue queue"),
    ]


def test_cycles_one_per_component_from_the_oldest_task() -> None:
    graph = {"T1": ["T2", "T5"], "T2": ["T3"], "T3": ["T4"], "T4": ["T2"], "T5": ["T5"],
             "T6": ["T7"], "T7": ["T6", "T1"], "T10": ["T9"], "T9": ["T10"]}
    assert find_cycles(graph) == [["T2", "T3", "T4", "T2"], ["T5", "T5"], ["T6", "T7", "T6"],
                                  ["T9", "T10", "T9"]]
    assert find_cycles({"T1": ["T2"], "T2": []}) == []


def test_queues_semaphores_and_a_lock_never_released() -> None:
    proc = loopscope("trace", PROGRAMS / "deadlock_kinds.py", timeout=30)
    assert proc.returncode == 1
    # The main task gathers them all, so it cannot wake any of them: never a suspect.
    assert _deadlock_block(proc.stderr) == (
        "        DEADLOCK at t=1: no task can ever run again\n"
        "          task Task-# awaits gather(6 tasks, 1 done) at deadlock_kinds.py:35\n"
        "            → RelayA: gathered\n"
        "            → RelayB: gathered\n"
        "            → Holder: gathered\n"
        "            → Opener: gathered\n"
        "            → Late: gathered\n"
        "          task RelayA awaits Queue.get() at deadlock_kinds.py:7\n"
        "            → RelayB: could put into Queue qa\n"
        "          task RelayB awaits Queue.get() at deadlock_kinds.py:7\n"
        "            → RelayA: could put into Queue qb\n"
        "          task Holder awaits Event.wait() at deadlock_kinds.py:13\n"
        "            → Opener: could set Event go\n"
        "          task Opener awaits Semaphore.acquire() at deadlock_kinds.py:17\n"
        "            → Holder: could release Semaphore sem\n"
        "          task Late awaits Lock.acquire() at deadlock_kinds.py:27\n"
        "            (Lock lock is held by task Leaker, which finished without releasing it)\n"
        "          cycle: RelayA → RelayB → RelayA\n"
        "          cycle: Holder → Opener → Holder")
