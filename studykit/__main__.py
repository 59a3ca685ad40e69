from __future__ import annotations

import sys

from studykit.cli import main

sys.exit(main())
