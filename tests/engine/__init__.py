"""Engine tests: stdlib-only, run on every supported CPython (3.11, 3.12, 3.13).

Nothing in this folder may import Textual: CI runs it again in venvs that only have pytest,
hypothesis and codetiming.
"""
