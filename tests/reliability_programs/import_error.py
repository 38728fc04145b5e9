"""An exception at import time, before any loop."""

print("importing")
import no_such_module_loopscope_test  # noqa: E402,F401
