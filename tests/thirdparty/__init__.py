"""Third-party suites under loopscope: janus and anyio, run plain and traced, compared test by test.

loopscope's promise is that ``loopscope trace -m MODULE`` runs a program exactly as plain python
does. Its own tests check that on programs written for it, and ``loopscope.conformance`` on
CPython's test_asyncio; this command checks it on two asyncio libraries' own test suites, code
nobody wrote with loopscope in mind (issue 13)::

    python -m tests.thirdparty                      # janus whole, anyio -k "not trio" whole
    python -m tests.thirdparty --quick              # janus whole, a fixed part of anyio (CI)
    python -m tests.thirdparty --python /path/to/python3.13 --suite anyio

Run it from the repository's root (``tests`` is found as a namespace package there). Each suite
runs three ways (``ways.py``): plain ``python -m pytest``, ``python -m loopscope trace --summary
-m pytest`` (virtual clock) and the same with ``--clock real``, with the same pytest arguments and
``--junitxml``, each bounded in time (``--bound``). The report gives each way's time, exit status
and totals, then every test whose outcome differs from the plain run's, grouped by what they
show, with the first lines of the message. Exit status: 0 when every way agrees with the plain
run, 1 when some test differs, 2 when a plain run reported nothing (nothing to compare with).

The sdists (``pip download --no-binary :all: --no-deps``), their unpacked trees, one venv per
suite and interpreter (from ``--python``, default the running one, with loopscope installed
editable from this checkout) and each run's log and XML live in a cache outside the repository
(``prepare.py``), reused when present. What each suite selects, and why, is in ``suites.py``.

There is deliberately no pytest test file here: loopscope's CI runs ``pytest -n 2`` over
``tests/`` and must not start these suites (minutes, network-free but slow); CI calls this
command directly.
"""
