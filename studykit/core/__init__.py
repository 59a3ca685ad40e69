"""The pure core: standard library only, no I/O, time and randomness passed in.

`tests/test_import_hygiene.py` keeps it so.
"""
