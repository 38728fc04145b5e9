"""``python -m loopscope``: the same as the ``loopscope`` command."""

from loopscope.cli import main

if __name__ == "__main__":
    main()
