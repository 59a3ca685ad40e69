"""`python -m studykit`: the same as the `studykit` command."""

from __future__ import annotations

import sys

from studykit.entry import main

sys.exit(main())
