"""The engine: what runs inside the debuggee, next to the user's code.

Standard library only (a test proves it in a fresh interpreter), so that it can run in the user's
own Python. ``loop`` holds the stepping event loop and its hook class, ``clock`` the virtual clock,
``snapshot`` the plain-data picture of the loop, ``stepper`` the controller that turns commands
into pauses and events, and ``agent`` the debuggee's main program.
"""
