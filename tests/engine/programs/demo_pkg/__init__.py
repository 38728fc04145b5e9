"""A package for `loopscope trace -m demo_pkg.hello`."""
