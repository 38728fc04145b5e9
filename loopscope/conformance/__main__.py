"""``python -m loopscope.conformance``."""

import sys

from . import main

sys.exit(main())
