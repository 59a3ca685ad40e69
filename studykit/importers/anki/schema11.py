"""Schema 11: note types, decks and deck options as JSON objects in the one-row `col` table.

Anki 2.0 and 2.1 up to 2.1.27 kept everything but notes, cards and the review log in `col`:
`models` (note types), `decks`, `dconf` (deck options presets) and `conf` (collection settings,
among them the scheduler version), each a JSON object keyed by id. Every package Anki writes
for older clients (`collection.anki2`, `collection.anki21`) is downgraded to this schema, and
so are genanki's. A definition that cannot be read is reported and left out; its notes are
then reported as having no note type.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from studykit.importers.anki.errors import DecodeError, Problem, ProblemKind
from studykit.importers.anki.model import Deck, DeckConfig, NoteType, Template
from studykit.importers.anki.schema_common import Definitions, scheduler_version


def read_definitions(db: sqlite3.Connection) -> Definitions:
    row = db.execute("SELECT conf, models, decks, dconf FROM col").fetchone()
    if row is None:
        raise DecodeError("the collection's col table is empty")
    conf, models, decks, dconf = (
        _json_object(text, what)
        for text, what in zip(
            row,
            ("settings (col.conf)", "note types (col.models)", "decks (col.decks)", "deck options (col.dconf)"),
        )
    )
    problems: list[Problem] = []
    return Definitions(
        note_types=_each(models, _note_type, "note type", ProblemKind.BAD_NOTE_TYPE, problems),
        decks=_each(decks, _deck, "deck", ProblemKind.BAD_DECK, problems),
        deck_configs=_each(dconf, _deck_config, "deck options", ProblemKind.BAD_DECK, problems),
        scheduler_version=scheduler_version(conf.get("schedVer"), conf.get("sched2021")),
        problems=problems,
    )


def _json_object(text: object, what: str) -> dict[str, Any]:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        raise DecodeError(f"the collection's {what} is not JSON text")
    if text == "":  # a schema 11 file never has this, but a downgrade cut short leaves it empty
        return {}
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise DecodeError(f"the collection's {what} is not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise DecodeError(f"the collection's {what} is not a JSON object")
    return value


def _each(
    objects: Mapping[str, Any], read: Any, what: str, kind: ProblemKind, problems: list[Problem]
) -> dict[int, Any]:
    """Read each definition keyed by its id (the key, as Anki trusts it over the inner id)."""
    result: dict[int, Any] = {}
    for key, value in objects.items():
        label = value.get("name") if isinstance(value, dict) else None
        try:
            item_id = int(key)
            result[item_id] = read(item_id, value)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            name = f"'{label}'" if isinstance(label, str) else f"id {key}"
            problems.append(Problem(kind, f"{what} {name} cannot be read ({type(error).__name__}: {error}): left out"))
    return dict(sorted(result.items()))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _by_ord(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise TypeError("expected a list")
    return sorted(items, key=lambda item: int(item.get("ord", 0)))


def _note_type(note_type_id: int, value: dict[str, Any]) -> NoteType:
    fields = tuple(_text(f["name"]) for f in _by_ord(value["flds"]))
    templates = tuple(
        Template(ord=index, name=_text(t["name"]), question_format=_text(t["qfmt"]), answer_format=_text(t["afmt"]))
        for index, t in enumerate(_by_ord(value["tmpls"]))
    )
    return NoteType(
        id=note_type_id,
        name=_text(value["name"]),
        is_cloze=int(value.get("type", 0)) == 1,
        fields=fields,
        templates=templates,
        css=_text(value.get("css", "")),
        sort_field=int(value.get("sortf", 0)),
    )


def _deck(deck_id: int, value: dict[str, Any]) -> Deck:
    filtered = bool(value.get("dyn", 0))
    return Deck(
        id=deck_id,
        name=_text(value["name"]),
        filtered=filtered,
        config_id=None if filtered else int(value.get("conf", 1)),
        description=_text(value.get("desc", "")),
    )


def _deck_config(config_id: int, value: dict[str, Any]) -> DeckConfig:
    new = value.get("new", {})
    review = value.get("rev", {})
    lapse = value.get("lapse", {})
    return DeckConfig(
        id=config_id,
        name=_text(value["name"]),
        new_per_day=int(new.get("perDay", 20)),
        reviews_per_day=int(review.get("perDay", 200)),
        learn_steps=tuple(float(step) for step in new.get("delays", ())),
        relearn_steps=tuple(float(step) for step in lapse.get("delays", ())),
        initial_ease=int(new.get("initialFactor", 2500)) / 1000,
        maximum_interval=int(review.get("maxIvl", 36500)),
        leech_threshold=int(lapse.get("leechFails", 8)),
    )
