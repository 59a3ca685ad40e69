"""Schemas 15–18: note types, fields, templates, decks and deck options in tables of their own.

From Anki 2.1.28 on, each definition is a row whose name is a column (declared with Anki's
`unicase` collation, see `collection.py`) and whose settings are a protobuf blob. Deck names
separate their levels with `\\x1f` instead of `::`. The settings read here, by protobuf field
number (Anki's `notetypes.proto`, `decks.proto`, `deck_config.proto`):

- `notetypes.config` (Notetype.Config): 1 kind (1 = cloze), 2 sort field index, 3 css;
- `templates.config` (Template.Config): 1 question format, 2 answer format;
- `decks.kind` (a container with one of): 1 normal deck {1 options id, 4 description},
  2 filtered deck;
- `deck_config.config` (DeckConfig.Config): 1 learning steps, 2 relearning steps (floats, in
  minutes), 9 new cards per day, 10 reviews per day, 11 starting ease, 16 maximum interval,
  22 leech threshold;
- the `config` table's `schedVer` and `sched2021` keys (JSON values): the scheduler.

Schemas 15 to 17 differ from 18 only in tables studykit does not read (tags, graves) and in
schema 15's starting ease (stored ×100). A blob that does not decode makes the package
unreadable, as it does for Anki.
"""

from __future__ import annotations

import json
import sqlite3

from studykit.importers.anki import protobuf
from studykit.importers.anki.errors import DecodeError, Problem, ProblemKind
from studykit.importers.anki.model import Deck, DeckConfig, NoteType, Template
from studykit.importers.anki.schema_common import Definitions, scheduler_version

NORMAL_DECK = 1
FILTERED_DECK = 2
CLOZE_KIND = 1


def read_definitions(db: sqlite3.Connection, schema_version: int) -> Definitions:
    problems: list[Problem] = []
    return Definitions(
        note_types=_note_types(db, problems),
        decks=_decks(db),
        deck_configs=_deck_configs(db, schema_version),
        scheduler_version=_scheduler_version(db),
        problems=problems,
    )


def _blob(value: object, where: str) -> protobuf.Message:
    if isinstance(value, str):
        value = value.encode("utf-8")
    if not isinstance(value, bytes):
        raise DecodeError(f"{where}: settings are not a protobuf blob")
    try:
        return protobuf.decode(value)
    except DecodeError as error:
        raise DecodeError(f"{where}: settings do not decode ({error})") from None


def _note_types(db: sqlite3.Connection, problems: list[Problem]) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, _ord, name in db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, list[Template]] = {}
    for ntid, _ord, name, config in db.execute("SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"):
        message = _blob(config, f"template '{name}' of note type id {ntid}")
        own = templates.setdefault(ntid, [])
        own.append(
            Template(
                ord=len(own),
                name=name,
                question_format=message.string(1),
                answer_format=message.string(2),
            )
        )
    result: dict[int, NoteType] = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes ORDER BY id"):
        message = _blob(config, f"note type '{name}'")
        if ntid not in fields:
            problems.append(Problem(ProblemKind.BAD_NOTE_TYPE, f"note type '{name}' has no fields: left out"))
            continue
        result[ntid] = NoteType(
            id=ntid,
            name=name,
            is_cloze=message.uint(1) == CLOZE_KIND,
            fields=tuple(fields[ntid]),
            templates=tuple(templates.get(ntid, ())),
            css=message.string(3),
            sort_field=message.uint(2),
        )
    return result


def _decks(db: sqlite3.Connection) -> dict[int, Deck]:
    result: dict[int, Deck] = {}
    for deck_id, name, kind in db.execute("SELECT id, name, kind FROM decks ORDER BY id"):
        readable_name = name.replace("\x1f", "::")
        container = _blob(kind, f"deck '{readable_name}'")
        if container.has(FILTERED_DECK):
            container.message(FILTERED_DECK)  # decoded only to check it
            result[deck_id] = Deck(deck_id, readable_name, filtered=True, config_id=None, description="")
        else:
            normal = container.message(NORMAL_DECK)
            result[deck_id] = Deck(
                deck_id,
                readable_name,
                filtered=False,
                config_id=normal.int64(1),
                description=normal.string(4),
            )
    return result


def _deck_configs(db: sqlite3.Connection, schema_version: int) -> dict[int, DeckConfig]:
    result: dict[int, DeckConfig] = {}
    for config_id, name, config in db.execute("SELECT id, name, config FROM deck_config ORDER BY id"):
        message = _blob(config, f"deck options '{name}'")
        initial_ease = message.float32(11)
        if schema_version == 15:
            initial_ease /= 100
        result[config_id] = DeckConfig(
            id=config_id,
            name=name,
            new_per_day=message.uint(9),
            reviews_per_day=message.uint(10),
            learn_steps=message.floats(1),
            relearn_steps=message.floats(2),
            initial_ease=round(initial_ease, 4),
            maximum_interval=message.uint(16),
            leech_threshold=message.uint(22),
        )
    return result


def _scheduler_version(db: sqlite3.Connection) -> int:
    settings: dict[str, object] = {}
    for key, value in db.execute("SELECT key, val FROM config WHERE key IN ('schedVer', 'sched2021')"):
        try:
            settings[key] = json.loads(value)
        except (ValueError, TypeError):
            settings[key] = None
    return scheduler_version(settings.get("schedVer"), settings.get("sched2021"))
