"""A review session in its own process, for the kill and concurrency tests.

`python -m tests.storage.grader PATH [--count N] [--seed S]` grades cards of the collection
at PATH on a simulated clock (no real time involved) and prints each committed log id on
its own line, flushed, only after `Collection.commit` has returned. Without --count it
grades until killed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys

from studykit.core.session import SessionConfig
from studykit.core.sm2 import Button
from studykit.storage import Collection

START = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)
UNLIMITED = SessionConfig(new_per_day=10**6, reviews_per_day=10**6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--count", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    now, done = START, 0
    with Collection.open(args.path, busy_timeout=60) as collection:
        while args.count is None or done < args.count:
            session = collection.start_session(now=now, tz=dt.UTC, config=UNLIMITED)
            while session.current is not None and (args.count is None or done < args.count):
                now += dt.timedelta(seconds=30)
                if session.can_undo and rng.random() < 0.1:
                    change = session.undo(now=now)
                else:
                    change = session.grade(rng.choice(list(Button)), now=now, answer_ms=rng.randrange(500, 9000))
                for log_id in collection.commit(change):
                    print(log_id, flush=True)
                    done += 1
            now += dt.timedelta(days=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
