"""loopscope: a step-debugger for asyncio's event loop.

This package's ``__init__`` stays empty on purpose: the debuggee imports ``loopscope.engine`` and
``loopscope.protocol`` in the user's interpreter, and must not pull in the front end.
"""

__version__ = "0.1.0"
