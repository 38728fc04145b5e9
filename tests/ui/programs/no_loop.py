"""A program that never starts an event loop: it prints and exits."""

print("no asyncio here")
