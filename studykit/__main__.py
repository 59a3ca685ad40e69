"""`python -m studykit`: the same as the `studykit` command."""

import sys

try:  # a Ctrl+C while the command is still being imported: quiet, as in `entry.main`
    from studykit.entry import main
except KeyboardInterrupt:
    sys.exit(130)
sys.exit(main())
