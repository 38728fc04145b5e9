"""A script that never starts an event loop."""

print("just printing, no event loop")
