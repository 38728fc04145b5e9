"""The key bar at the bottom: Textual's ``Footer``, less a leak.

``Footer`` rebuilds its keys (``recompose``) whenever the screen's bindings change: a screen
pushed or popped (``?`` and every other overlay), the focus moving to a pane with keys of its
own. Each ``FooterKey`` it makes is ``data_bind``-ed to the footer's ``compact``, which stores a
watcher ``(key, callback)`` on the *footer*; Textual (8.2) drops the watchers of removed nodes
only when the watched value changes, and ``compact`` never does here. So every rebuild kept the
previous keys alive, with their styles and rendered lines: 200-470 KB each time help was opened
(Textual issue #6666). ``KeyBar`` drops them once a rebuild has removed them, by the very rule
Textual applies when the value changes (a closing node's watchers go).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


def drop_closed_watchers(node: Any) -> int:
    """Drop the watchers of closed nodes that ``node``'s reactives keep; return how many."""
    # Textual keeps them in an attribute named "__watchers" (reactive._watch): name -> list.
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(node, "__watchers", {})
    dropped = 0
    for entries in watchers.values():
        alive = [(owner, callback) for owner, callback in entries if not owner._closing]
        dropped += len(entries) - len(alive)
        entries[:] = alive
    return dropped


class KeyBar(Footer):
    """The footer, whose rebuilds let the keys they replace go."""

    async def recompose(self) -> None:
        await super().recompose()
        drop_closed_watchers(self)


__all__ = ["KeyBar", "drop_closed_watchers"]
