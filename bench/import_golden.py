"""A golden of everything an import reads and renders, to compare before and after speed work.

    python bench/import_golden.py write /tmp/golden    # before a change
    python bench/import_golden.py check /tmp/golden    # after it: exit 1 and a .new file per package that differs

For every package in `../shared/anki-decks/` and a synthetic 2,000-note package (`anki_synthetic`,
needs the `anki` test dependency), one text file: the package's format and problems, every note
type, deck, note, card and review as read, every media member's SHA-1, and what `read_contents`
yields with and without scheduling: each card (question, answer, type-in, media, fields ...), its
state, the history, the decks and the problems. A cut that changes none of it changed no card.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
SHARED = BENCH.parent.parent / "shared" / "anki-decks"

from studykit.importers.anki import PackageError, open_package
from studykit.sources.anki_packages import card_ids, read_contents

CONTENTS = ("file", "format", "decks", "notes", "cards_per_note_type", "media_used", "media_decks", "problems",
            "reviews_in_package", "not_answers", "empty_decks", "source_id")


def lines(path: Path) -> Iterator[str]:
    try:
        with open_package(path) as package:
            yield f"format {package.format!r}"
            yield from (f"package problem {problem!r}" for problem in package.problems)
            col = package.collection
            yield f"col {col.created} {col.scheduler_version} {col.schema_version}"
            for name, table in (("nt", col.note_types), ("deck", col.decks), ("dconf", col.deck_configs)):
                yield from (f"{name} {key} {value!r}" for key, value in sorted(table.items()))
            yield from (f"note {note!r}" for note in col.notes)
            yield from (f"card {card!r}" for card in col.cards)
            yield from (f"review {review!r}" for review in col.reviews)
            yield f"ids {card_ids(package)!r}"
            for entry in package.media:
                digest = hashlib.sha1()
                try:
                    for chunk in package.media_chunks(entry):
                        digest.update(chunk)
                    yield f"media {entry!r} {digest.hexdigest()}"
                except PackageError as error:
                    yield f"media {entry!r} error {error}"
            for scheduling in (True, False):
                contents = read_contents(package, source_id="anki:golden", scheduling=scheduling)
                yield from (f"{scheduling} {name} {getattr(contents, name)!r}" for name in CONTENTS)
                yield f"{scheduling} guids {sorted(contents.guids)!r}"
                yield from (f"{scheduling} card {card!r}" for card in contents.cards)
                yield from (f"{scheduling} state {key} {value!r}" for key, value in contents.states.items())
                yield from (f"{scheduling} history {row!r}" for row in contents.history)
                yield f"{scheduling} source decks {contents.source_cards(inputs='x').decks!r}"
    except PackageError as error:
        yield f"error {error}"


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    if mode not in ("write", "check"):
        raise SystemExit(__doc__)
    out.mkdir(parents=True, exist_ok=True)
    from anki_synthetic import make_package

    synthetic = out / "synthetic-2000.apkg"  # kept beside the golden: its path is in what is compared
    if not synthetic.exists():
        make_package(synthetic, notes=2000, reviews=8000)
    differ = 0
    packages = [*sorted([*SHARED.glob("*.apkg"), *SHARED.glob("*.colpkg")]), synthetic]
    for path in packages:
        text = "\n".join(lines(path)) + "\n"
        target = out / f"{path.name}.txt"
        if mode == "write":
            target.write_text(text)
        elif not target.exists() or target.read_text() != text:
            differ += 1
            (out / f"{path.name}.new").write_text(text)
            print(f"differs: {path.name}")
    print(f"{len(packages)} packages, {differ} differ" if mode == "check" else f"{len(packages)} packages written")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
