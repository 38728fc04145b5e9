"""Regenerate the screenshots of docs/workshop.md: ``python docs/img/make_screenshots.py``.

Runs the real debugger on samples/waiter.py under Textual's Pilot, with the same deterministic
waits as the UI tests, and saves each screen with Textual's own screenshot (SVG: small, sharp
at any zoom, and shown by any browser or Markdown viewer). ``--png DIR`` also renders each one
to PNG in headless Chromium, to look at them or to put them on slides.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from loopscope.session import Launch  # noqa: E402
from loopscope.ui.debugger import LoopscopeApp  # noqa: E402
from loopscope.ui.feed import LiveSource  # noqa: E402
from tests.ui.conftest import press, started  # noqa: E402

SIZE = (120, 40)
#: File name -> the keys pressed from the start (``n``: one switch; ``w``: waiter words).
SHOTS = {
    "waiter-start.svg": (),
    "waiter-four-timers.svg": ("n",) * 5,
    "waiter-timer-fired.svg": ("w", *("n",) * 6),  # in the waiter's words
    "waiter-timeline.svg": (*("n",) * 22, "v"),  # with the timeline
}


async def shoot(name: str, keys: tuple[str, ...]) -> None:
    launch = Launch(target=["samples/waiter.py"], cwd=str(REPO), clock="virtual", slow=0.1,
                    time_limit=86400.0, breaks=[], break_tasks=[])
    app = LoopscopeApp(LiveSource(launch), breaks=[], break_tasks=[], history_limit=1000)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            await press(pilot, *keys)
            assert name != "waiter-timeline.svg" or app.run_state.finished
            app.save_screenshot(filename=name, path=str(HERE))
    finally:
        app.source.stop()


def to_png(svg: Path, png: Path) -> None:
    """``svg`` drawn by Chromium at its own size (its viewBox), saved as ``png``."""
    from playwright.sync_api import sync_playwright

    found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg.read_text())
    assert found, f"{svg} has no viewBox"
    width, height = (math.ceil(float(found[1])), math.ceil(float(found[2])))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(svg.as_uri())  # a bare SVG fills the viewport: exactly its own size
            page.screenshot(path=str(png))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", metavar="DIR", help="also render PNGs into DIR")
    args = parser.parse_args()
    for name, keys in SHOTS.items():
        asyncio.run(shoot(name, keys))
        print(f"docs/img/{name}: {(HERE / name).stat().st_size} bytes")
        if args.png:
            to_png(HERE / name, Path(args.png) / name.replace(".svg", ".png"))


if __name__ == "__main__":
    main()
