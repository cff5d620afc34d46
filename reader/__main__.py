"""`python -m reader` runs the `newsdesk` command."""

import sys

from reader.launch import main

if __name__ == "__main__":
    sys.exit(main())
