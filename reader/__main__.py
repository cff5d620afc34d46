"""`python -m reader` runs the `newsdesk` command."""

import sys

from reader.cli import main

sys.exit(main())
