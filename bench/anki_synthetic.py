"""Synthetic Anki packages of any size, for the import benchmarks (needs the `anki` test dependency).

    from anki_synthetic import make_package
    make_package(Path("big.apkg"), notes=50_000, reviews=200_000)            # anki21b, meta 3
    make_package(Path("big-legacy.apkg"), notes=50_000, legacy=True)         # anki21, schema 11

A fresh collection made by the `anki` library gives the schema, the stock Basic and Cloze note
types and the Default deck; the notes (a share of them cloze, with up to three deletions),
their cards in ten subdecks, and the review log are then written straight into its SQLite file
(making 50,000 notes through Anki's API would take minutes), and the file is packaged as Anki
packages it: zstd-compressed `collection.anki21b` with a protobuf media map, or (legacy) the
collection downgraded to schema 11 as `collection.anki21` with a JSON media map. Everything is
derived from a seed, so the same arguments give the same package.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import zstandard
from anki.collection import Collection


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def make_package(
    path: Path,
    *,
    notes: int = 50_000,
    reviews: int = 200_000,
    cloze_share: float = 0.1,
    legacy: bool = False,
    seed: int = 0,
) -> Path:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="studykit-synthetic-") as directory:
        col_path = Path(directory) / "collection.anki2"
        col = Collection(str(col_path))
        basic = col.models.by_name("Basic")
        cloze = col.models.by_name("Cloze")
        assert basic is not None and cloze is not None
        deck_ids = [col.decks.id(f"Synthetic::Part {n:02d}") for n in range(10)]
        crt = col.crt
        col.close()

        db = sqlite3.connect(col_path)
        db.create_collation("unicase", _unicase)
        now = crt - 86_400  # every time in the past: Anki rewrites ids and stamps from the future
        history_start = (crt - 400 * 86_400) * 1000
        note_rows, card_rows = [], []
        card_id = 1_600_000_000_000
        for index in range(notes):
            note_id = 1_500_000_000_000 + index
            deck_id = deck_ids[index % len(deck_ids)]
            is_cloze = rng.random() < cloze_share
            if is_cloze:
                deletions = rng.randint(1, 3)
                text = " ".join(f"{{{{c{n + 1}::word {index}-{n}}}}} and <b>more</b>" for n in range(deletions))
                fields = [text, f"extra {index}"]
                mid, ords = cloze["id"], range(deletions)
            else:
                fields = [
                    f"Question {index} <i>with</i> some HTML &amp; text",
                    f"Answer {index} " + "x" * rng.randint(5, 80),
                ]
                mid, ords = basic["id"], range(1)
            note_rows.append(
                (
                    note_id,
                    f"g{index:08d}",
                    mid,
                    now,
                    -1,
                    f" tag{index % 50} synthetic ",
                    "\x1f".join(fields),
                    fields[0],
                    0,
                    0,
                    "",
                )
            )
            for ord_ in ords:
                card_id += 1
                state = rng.random()
                if state < 0.4:
                    row = (0, 0, index, 0, 0, 0, 0, 0)  # new
                elif state < 0.9:
                    ivl = rng.randint(1, 300)
                    row = (
                        2,
                        2,
                        400 + rng.randint(-30, 60),
                        ivl,
                        rng.randint(1300, 3000),
                        rng.randint(1, 20),
                        rng.randint(0, 4),
                        0,
                    )  # review
                elif state < 0.97:
                    row = (1, 1, now + 600, 0, 0, 1, 0, 1001)  # learning
                else:
                    row = (2, -1, 420, 30, 2500, 5, 1, 0)  # suspended review
                ctype, queue, due, ivl, factor, reps, lapses, left = row
                card_rows.append(
                    (
                        card_id,
                        note_id,
                        deck_id,
                        ord_,
                        now,
                        -1,
                        ctype,
                        queue,
                        due,
                        ivl,
                        factor,
                        reps,
                        lapses,
                        left,
                        0,
                        0,
                        0,
                        "",
                    )
                )
        db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
        studied = [row[0] for row in card_rows if row[6] != 0]
        revlog_rows = []
        for n in range(reviews if studied else 0):
            cid = studied[n % len(studied)]
            revlog_rows.append(
                (
                    history_start + n * 30_000,
                    cid,
                    -1,
                    rng.randint(1, 4),
                    rng.randint(1, 100),
                    rng.randint(0, 50),
                    2500,
                    rng.randint(2000, 20000),
                    rng.choice((0, 1, 1, 1, 2)),
                )
            )
        db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog_rows)
        db.commit()
        db.close()

        if legacy:
            Collection(str(col_path)).close(downgrade=True)
        members: dict[str, bytes]
        if legacy:
            members = {"meta": b"\x08\x02", "collection.anki21": col_path.read_bytes(), "media": b"{}"}
            method = zipfile.ZIP_DEFLATED
        else:
            compress = zstandard.ZstdCompressor().compress
            members = {
                "meta": b"\x08\x03",
                "collection.anki21b": compress(col_path.read_bytes()),
                "media": compress(b""),
            }
            method = zipfile.ZIP_STORED
        with zipfile.ZipFile(path, "w", method) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    return path
