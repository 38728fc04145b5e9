"""A debuggee that breaks the protocol on purpose, run in place of the engine's agent.

It takes the agent's command line (``--events-fd N --commands-fd M ... TARGET``); TARGET names
the fault. It says a correct ``hello`` first (except for ``wrong_version``), then misbehaves,
then waits to be killed: the front end must end the session itself.
"""

import os
import sys
import time

args = sys.argv[1:]
events = os.fdopen(int(args[args.index("--events-fd") + 1]), "wb", buffering=0)
fault = args[-1]
HELLO = b'{"kind":"hello","protocol":%d,"python":"3.11.0","pid":%d,"clock":"virtual"}\n'
events.write(HELLO % (99 if fault == "wrong_version" else 1, os.getpid()))
if fault == "garbage":
    events.write(b"this is not json\n")
elif fault == "unknown_kind":
    events.write(b'{"kind":"teleport","to":"mars"}\n')
elif fault == "truncated":
    events.write(b'{"kind":"output","stream":"stdout","te')
    events.close()
    sys.exit(0)
elif fault == "oversized":
    chunk = b'{"kind":"output","stream":"stdout","text":"' + b"x" * (1024 * 1024)
    while True:  # one endless line: never a newline
        events.write(chunk)
        chunk = b"x" * (1024 * 1024)
while True:
    time.sleep(1)
