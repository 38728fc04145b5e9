"""Run a script the way the debugger's ``c`` does: an interactive debuggee, continued to the end.

``python -m benchmarks.continued [--break FILE:LINE ...] SCRIPT`` starts the debuggee paused
(as ``loopscope SCRIPT`` does), sets the breakpoints, sends ``continue`` and waits for the end,
answering any pause with another ``continue``. It measures what continuing costs with
breakpoints set, which ``trace --summary`` cannot: a tracer never pauses, so it ignores them.
"""

from __future__ import annotations

import argparse
import os
import sys

from loopscope.session import Debuggee, Launch


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.continued")
    parser.add_argument("--break", dest="breaks", action="append", default=[])
    parser.add_argument("--clock", default="real")
    parser.add_argument("script")
    args = parser.parse_args()
    debuggee = Debuggee(Launch(target=[args.script], mode="interactive", clock=args.clock,
                               breaks=[os.path.abspath(b) for b in args.breaks]))
    debuggee.start()
    try:
        for event in debuggee.iter_events():
            if event["kind"] == "paused":
                debuggee.send({"kind": "continue"})
            elif event["kind"] == "ended":
                return int(event["code"])
    finally:
        debuggee.close()
    return 1


if __name__ == "__main__":
    sys.exit(main())
