"""The Textual debugger: ``loopscope SCRIPT``.

``app.run_app`` is the entry point; it starts the debuggee before Textual is even imported.
Each pane is its own widget module (``tasks``, ``ready_queue``, ``timers``, ``source``,
``output``, ``narration``, ``status``, ``stdin``), the screen layout lives in
``loopscope.tcss``, the events of a run are folded into plain state by ``state`` (no Textual
there), and ``feed`` is the one interface the app takes its events from (a live debuggee now, a
recording later).
"""
