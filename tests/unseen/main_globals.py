"""The script's module globals as the interpreter makes them for ``python script.py``: their
names in order (``__annotations__`` up to 3.13, ``__cached__`` up to 3.14, neither on 3.15) and
what a program reads in them."""

import os

print("names:", [name for name in globals() if name.startswith("__")])
print("__cached__:", globals().get("__cached__", "(not set)"))
print("__loader__:", type(__loader__).__name__, __loader__.name,
      os.path.basename(__loader__.path))
print("__spec__:", __spec__, "| __package__:", repr(__package__), "| __doc__:", __doc__[:14])
print("__file__:", os.path.isabs(__file__), os.path.basename(__file__))
print("__builtins__:", type(__builtins__).__name__, __builtins__.__name__)
