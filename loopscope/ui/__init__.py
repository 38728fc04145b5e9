"""The Textual debugger: ``loopscope SCRIPT``.

``app.run_app`` is the entry point; it starts the debuggee before Textual is even imported.
``debugger.LoopscopeApp`` composes the panes and binds the keys (``commands`` is the one table
of keys, help lines and palette entries). Each pane is its own widget module (``tasks``,
``ready_queue``, ``timers``, ``source``, ``output``, ``narration``, ``status``, ``stdin``; the
list panes share ``rows.RowList``), the screen layout lives in ``loopscope.tcss``. No Textual
in the three modules that decide: ``feed`` (the one interface events come from: a live
debuggee now, a recording later), ``state`` (events folded into history, output and status)
and ``view`` (what each pane shows for a snapshot).
"""
