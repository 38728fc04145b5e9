"""The two third-party suites, as data: where they come from, what they need, what they run.

A suite is a frozen record rather than a subclass per project, because the harness does the same
four things to each (fetch the sdist, install its test needs, run pytest three ways, compare) and
only the facts differ. The facts that are choices, not transcriptions, are written here with the
reason for each:

* **janus 2.0.0** ships no requirements file in its sdist; its tests need ``pytest-asyncio``
  (``asyncio_mode = strict`` in setup.cfg), ``pytest-benchmark`` (tests/test_benchmarks.py) and
  ``pytest-cov`` (its ``addopts`` say ``--cov-branch``). ``pytest-timeout`` is added by us, with
  a per-test bound: a test that hangs becomes one failure whose traceback shows where it hung,
  instead of a run that is killed and reports nothing. It runs whole.
* **anyio 4.16.0** names its test needs in ``[dependency-groups] test`` of its pyproject.toml;
  they are read from there, so a new release brings its own list. It runs with ``-k "not trio"``
  (trio is not installed: those tests would only be skipped), without the tests this machine
  fails under plain python for want of ``localhost`` on IPv6 (``LOCALHOST_V6``) or of the
  Internet (``NEEDS_INTERNET``). ``--quick`` runs ``ANYIO_QUICK``, a fixed set of files.
"""

from __future__ import annotations

import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path

#: The per-test bound (seconds) given to pytest-timeout in every run (anyio's own is 20): a
#: hang detector, not a speed check. Under the virtual clock pytest-benchmark measures virtual
#: time, in which the CPU time of the loop's steps does not count, so it runs many more rounds
#: of janus's async benchmarks to fill its second (about 40 s here, against 1 s plain).
JANUS_TEST_TIMEOUT = 180

#: anyio's tests that need ``localhost`` to resolve to the IPv6 loopback ``::1`` as well as to
#: ``127.0.0.1``. This machine's /etc/hosts has no ``::1 localhost`` (``::1`` itself is up, so
#: anyio's own ``has_ipv6`` probe, a bind to ``::1``, says yes and skips nothing), and under plain
#: python they fail: ``socket.gaierror: [Errno -2] Name or service not known`` for a bind or
#: connect to ``("localhost", 0)`` with ``family=AF_INET6``, ``assert 1 == 2`` listeners for
#: ``localhost`` with ``AF_UNSPEC``, ``'::ffff:127.0.0.1' == '::1'`` in happy eyeballs. They are
#: (``-k`` matches substrings of the test's name, its parameter ids in brackets included):
#: the tests parametrized on the IPv6 family (id ``ipv6``, as a whole id: ``ipv6]``, ``[ipv6-``,
#: ``-ipv6-``; ``test_getaddrinfo_ipv6addr`` stays), happy eyeballs ``dualstack``, connection
#: refused on ``multi``-ple addresses, and the TCP listeners on ``localhost``/``AF_UNSPEC`` (ids
#: ``localhost-0-2``, ``retry_after_partial_failure``, ``total_bind_failure``). Some of the IPv6
#: family's tests bind ``::1`` literally and pass; they go too, for one rule instead of a list:
#: their IPv4 twins run. On a machine where ``localhost`` does resolve to ``::1`` they all run.
LOCALHOST_V6 = ("ipv6]", "[ipv6-", "-ipv6-", "dualstack]", "multi]", "localhost-0-2",
                "partial_failure", "total_bind_failure")

#: The one test that needs the Internet's DNS (``getaddrinfo("faß.de")``): no network here but
#: the package registries. (anyio's ``network`` marker also marks its loopback socket classes, so
#: ``-m "not network"`` would drop far more than this.)
NEEDS_INTERNET = ("test_getaddrinfo[",)


def localhost_has_v6() -> bool:
    try:
        return bool(socket.getaddrinfo("localhost", 0, socket.AF_INET6))
    except OSError:
        return False


def anyio_selection() -> str:
    """The ``-k`` expression for anyio on this machine."""
    out = ["trio", *NEEDS_INTERNET, *(() if localhost_has_v6() else LOCALHOST_V6)]
    return "not (" + " or ".join(out) + ")"


#: A representative, time-bounded part of anyio for CI: the task groups and cancel scopes, the
#: synchronization primitives, the event loop's own API (sleep, clocks, run), threads in both
#: directions (to_thread, from_thread: the executor and call_soon_threadsafe paths), worker
#: processes (to_process: pickling), memory streams, subprocesses and signals.
ANYIO_QUICK = (
    "tests/test_taskgroups.py",
    "tests/test_synchronization.py",
    "tests/test_eventloop.py",
    "tests/test_to_thread.py",
    "tests/test_from_thread.py",
    "tests/streams/test_memory.py",
    "tests/test_subprocesses.py",
    "tests/test_signals.py",
    # Last: under loopscope it ends the run with an INTERNALERROR, hiding what would follow.
    "tests/test_to_process.py",
)


@dataclass(frozen=True)
class Suite:
    name: str
    version: str
    #: The test paths, whole and ``--quick``: first after ``-m pytest``, before any option.
    whole: tuple[str, ...]
    quick: tuple[str, ...]
    #: pytest's options, the same in every way.
    options: tuple[str, ...]
    #: Requirements fixed here; ``group`` adds a dependency group read from the sdist.
    requirements: tuple[str, ...] = ()
    group: str | None = None

    @property
    def spec(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"

    def test_requirements(self, source: Path) -> list[str]:
        """What to install besides the project itself and loopscope."""
        found = list(self.requirements)
        if self.group:
            groups = tomllib.loads((source / "pyproject.toml").read_text())["dependency-groups"]
            found += [entry for entry in groups[self.group] if isinstance(entry, str)]
        return [" ".join(line.split()) for line in found]


# The cache provider would write .pytest_cache into the unpacked sdists.
_COMMON = ("-p", "no:cacheprovider")

SUITES: dict[str, Suite] = {
    "janus": Suite(
        name="janus",
        version="2.0.0",
        whole=("tests",),
        quick=("tests",),
        options=(*_COMMON, "-p", "timeout", f"--timeout={JANUS_TEST_TIMEOUT}"),
        requirements=("pytest", "pytest-asyncio", "pytest-benchmark", "pytest-cov",
                      "pytest-timeout"),
    ),
    "anyio": Suite(
        name="anyio",
        version="4.16.0",
        whole=("tests",),
        quick=ANYIO_QUICK,
        options=(*_COMMON, "-k", anyio_selection()),
        group="test",
    ),
}
