"""Groups of hostile files, each added to the folder tests/hostile.py builds."""
