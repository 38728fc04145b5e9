"""A syntax error on line 5: nothing runs."""

print("never printed")

def broken(:
    pass
