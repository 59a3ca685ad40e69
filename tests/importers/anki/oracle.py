"""The `anki` library (a test dependency, AGPL) as the oracle: what Anki itself imports from a package.

An `.apkg` is imported into a fresh collection with scheduling and deck options, as Anki's
import dialog does; a `.colpkg` replaces a fresh collection, as File → Import of a collection
package does. `Imported` holds what came in, keyed so the reader's model can be compared with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from anki._backend import RustBackend
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER as IF_NEWER


@dataclass
class Imported:
    notes: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]  # guid -> (fields, tags, note type name)
    cards: dict[tuple[str, int], tuple[int, int, int, int]]  # (guid, ord) -> (ivl, factor, reps, lapses)
    reviews: dict[int, tuple[int, int, int, int]]  # id -> (ease, ivl, last_ivl, type)
    note_types_used: int  # note types of the imported notes
    note_types_all: int  # every note type in the collection afterwards (a .colpkg: the package's own)
    deck_names: set[str]
    media: set[str]
    review_count: int
    home_decks: dict[str, int]  # deck name -> cards whose home is there (a filtered deck's cards: their `odid`)
    normal_decks: int  # decks that are not filtered decks, with cards or not


def imported_by_anki(package: Path, directory: Path) -> Imported:
    """Import `package` with the `anki` library into a fresh collection under `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    col_path = str(directory / "collection.anki2")
    col = Collection(col_path)
    if package.suffix == ".colpkg":
        col.close()
        RustBackend().import_collection_package(
            col_path=col_path,
            backup_path=str(package),
            media_folder=str(directory / "collection.media"),
            media_db=str(directory / "collection.media.db2"),
        )
        col = Collection(col_path)
        if col.sched_ver() == 1:  # Anki converts a v1 collection before it is studied
            col.upgrade_to_v2_scheduler()
    else:
        options = ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=IF_NEWER,
            update_notetypes=IF_NEWER,
            with_scheduling=True,
            with_deck_configs=True,
        )
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
    try:
        return _gather(col)
    finally:
        col.close()


def _gather(col: Collection) -> Imported:
    db = col.db
    assert db is not None
    model_names = {m.id: m.name for m in col.models.all_names_and_ids()}
    notes = {}
    guid_of = {}
    for nid, guid, mid, tags, flds in db.all("SELECT id, guid, mid, tags, flds FROM notes"):
        notes[guid] = (tuple(flds.split("\x1f")), tuple(tags.split()), model_names[mid])
        guid_of[nid] = guid
    cards = {
        (guid_of[nid], ord_): (ivl, factor, reps, lapses)
        for nid, ord_, ivl, factor, reps, lapses in db.all("SELECT nid, ord, ivl, factor, reps, lapses FROM cards")
    }
    reviews = {
        rid: (ease, ivl, last, kind)
        for rid, ease, ivl, last, kind in db.all("SELECT id, ease, ivl, lastIvl, type FROM revlog")
    }
    deck_name = {d.id: d.name for d in col.decks.all_names_and_ids()}
    home_decks: dict[str, int] = {}
    for home, count in db.all("SELECT CASE WHEN odid THEN odid ELSE did END, count() FROM cards GROUP BY 1"):
        home_decks[deck_name[home]] = home_decks.get(deck_name[home], 0) + count
    normal_decks = sum(1 for d in col.decks.all_names_and_ids() if not col.decks.is_filtered(d.id))
    media_dir = col.media.dir()
    media = set(os.listdir(media_dir)) if os.path.isdir(media_dir) else set()
    return Imported(
        notes=notes,
        cards=cards,
        reviews=reviews,
        note_types_used=db.scalar("SELECT count(DISTINCT mid) FROM notes"),
        note_types_all=len(model_names),
        deck_names={d.name for d in col.decks.all_names_and_ids()},
        media=media,
        review_count=db.scalar("SELECT count() FROM revlog"),
        home_decks=home_decks,
        normal_decks=normal_decks,
    )
