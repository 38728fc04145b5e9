"""The run modes, named as the protocol's commands name them.

One module of names, so that the stepper and its halves (``choosing.py``) agree on them
without importing each other.
"""

#: Pause before the next task step / the next handle of any kind / not until told.
STEP, STEP_CALLBACK, CONTINUE = "step", "step_callback", "continue"
#: Run until the chosen task is about to step.
RUN_TO_TASK = "run_to_task"
#: The command that picks the ready entry to run next, then steps.
RUN_NEXT = "run_next"
#: Run the chosen task's next step with a line tracer on, then pause (``linestep.py``).
LINE_STEP = "line_step"
