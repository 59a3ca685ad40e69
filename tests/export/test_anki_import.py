"""The bundled decks' package, anki_imported into a fresh collection of the real Anki library."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from studykit.core.cards import CardType
from tests.export.anki_support import Export, import_package, text_of

QA, CHOICE, CLOZE, CHRONOLOGY = (
    "studykit: question and answer", "studykit: multiple choice", "studykit: cloze", "studykit: chronology",
)
MODEL_IDS = {QA: 1212353903, CHOICE: 1718176141, CLOZE: 1197089397, CHRONOLOGY: 2095045892}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def field_text(value: str) -> str:
    """A field as the learner reads it: entities decoded, Anki's NFC."""
    return nfc(html.unescape(value))


def expected_counts(export: Export) -> tuple[Counter[str], Counter[str]]:
    """Notes and cards per note type, worked out from the cards themselves."""
    by_type = Counter(c.type for c in export.cards)
    qa_pairs = {(c.fact_ids[0], c.variant.removesuffix("-reverse")) for c in export.cards if c.type is CardType.QA}
    cloze_facts = {c.fact_ids[0] for c in export.cards if c.type is CardType.CLOZE}
    notes = Counter({QA: len(qa_pairs), CHOICE: by_type[CardType.CHOICE], CLOZE: len(cloze_facts),
                     CHRONOLOGY: by_type[CardType.CHRONOLOGY]})
    cards = Counter({QA: by_type[CardType.QA], CHOICE: by_type[CardType.CHOICE], CLOZE: by_type[CardType.CLOZE],
                     CHRONOLOGY: by_type[CardType.CHRONOLOGY]})
    return notes, cards


def package_decks(path: Path) -> dict[str, int]:
    """Deck name -> id as written in the package (Anki itself matches decks by name on import)."""
    with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
        connection = sqlite3.connect(package.extract("collection.anki2", tmp))
        try:
            decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        finally:
            connection.close()
    return {d["name"]: int(d["id"]) for d in decks.values()}


def notes_by_guid(col):  # type: ignore[no-untyped-def]
    return {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}


def test_imports_without_a_warning(anki_imported, anki_package: Export) -> None:
    col, log = anki_imported
    total = sum(anki_package.summary.notes.values())
    assert len(log.new) == total == col.note_count()
    for problem in ("updated", "duplicate", "conflicting", "first_field_match", "missing_notetype",
                    "missing_deck", "empty_first_field"):
        assert len(getattr(log, problem)) == 0, problem


def test_counts_of_notes_and_cards_per_note_type(anki_imported, anki_package: Export) -> None:
    col, _ = anki_imported
    notes: Counter[str] = Counter()
    cards: Counter[str] = Counter()
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        name = note.note_type()["name"]
        notes[name] += 1
        cards[name] += len(note.card_ids())
    want_notes, want_cards = expected_counts(anki_package)
    assert notes == want_notes
    assert cards == want_cards
    assert all(want_notes[name] > 0 for name in MODEL_IDS)
    assert dict(notes) == anki_package.summary.notes and dict(cards) == anki_package.summary.cards


def test_note_types_have_our_names_and_constant_ids(anki_imported) -> None:
    col, _ = anki_imported
    used = {col.get_note(nid).note_type()["name"]: col.get_note(nid).mid for nid in col.find_notes("")}
    assert used == MODEL_IDS
    assert all(not name.startswith("Basic") and name != "Cloze" for name in used)
    # One shared stylesheet for all of them.
    assert len({col.models.get(mid)["css"] for mid in MODEL_IDS.values()}) == 1


def test_decks_by_deck_and_topic_with_the_ids_of_the_deck_files(anki_imported, anki_package: Export) -> None:
    col, _ = anki_imported
    names = {d.name for d in col.decks.all_names_and_ids()}
    in_package = package_decks(anki_package.path)
    for deck in anki_package.decks:
        assert deck.anki_name in names
        assert deck.anki_name is not None and in_package[deck.anki_name] == deck.anki_id
    assert "Baku 1918" in names  # the parent of both Baku decks
    by_guid = notes_by_guid(col)
    nuri = by_guid[genanki.guid_for("person-nuri-pasha:qa:role")]
    assert {col.decks.name(c.did) for c in nuri.cards()} == {"Baku 1918::People, forces and places::Army of Islam"}
    march = by_guid[genanki.guid_for("march-massacres-baku-1918:cloze")]
    assert {col.decks.name(c.did) for c in march.cards()} == {"Baku 1918::Events, agreements and numbers::March Days"}


def test_fields_guids_and_tags_come_from_the_cards_and_facts(anki_imported, anki_package: Export) -> None:
    col, _ = anki_imported
    by_guid = notes_by_guid(col)
    facts = {f.id: f for d in anki_package.decks for f in d.facts}
    codes = {"000_a533e5b48fd8da9a.txt": "bn", "001_d3695f0660554b3e.txt": "az", "002_b70820031354e4d2.txt": "en"}
    for card in anki_package.cards:
        key = {
            CardType.QA: f"{card.fact_ids[0]}:qa:{card.variant.removesuffix('-reverse')}",
            CardType.CLOZE: f"{card.fact_ids[0]}:cloze",
        }.get(card.type, card.id)
        note = by_guid[genanki.guid_for(key)]
        if card.type is CardType.QA:
            pairs = [(note["Question"], note["Answer"]), (note["ReverseQuestion"], note["ReverseAnswer"])]
            assert (nfc(card.prompt), nfc(card.answer)) in [(field_text(q), field_text(a)) for q, a in pairs]
        elif card.type is CardType.CHOICE:
            assert field_text(note["Question"]) == nfc(card.prompt)
            assert field_text(note["Answer"]) == nfc(card.answer)
            shown = [field_text(o) for o in re.findall(r"<li>(.*?)</li>", note["Options"])]
            assert sorted(shown) == sorted(nfc(o) for o in card.options)
            assert shown["ABCD".index(note["Correct"])] == nfc(card.answer)  # the letter the back marks
        elif card.type is CardType.CLOZE:
            for part in card.answer.split(" … "):  # each blank a deletion ("Angora (Ankara)" is one)
                deletion = r"\{\{c\d+::" + re.escape(html.escape(part, quote=False)) + r"(?: \([^)]*\))?::"
                assert re.search(deletion, note["Text"]) or part not in card.statement
            assert field_text(re.sub(r"\{\{c\d+::(.*?)::[a-z]+\}\}", r"\1", note["Text"])) == nfc(card.statement)
        elif card.type is CardType.CHRONOLOGY:
            assert field_text(note["Question"]) == nfc(card.prompt)
            order = [field_text(o) for o in re.findall(r"<li>(.*?)</li>", note["Order"])]
            assert order == [nfc(part) for part in card.answer.split(" → ")]
        assert field_text(note["FactId"]) == ", ".join(card.fact_ids)
        for fact_id in card.fact_ids:
            fact = facts[fact_id]
            assert nfc(fact.statement) in field_text(note["Statement"])
            assert f"kind::{fact.kind}" in note.tags
            assert {f"topic::{t}" for t in fact.topics} <= set(note.tags)
            assert {f"lang::{codes[s]}" for s in fact.seeds} <= set(note.tags)
        for source in card.sources:  # the verbatim quote, in its own script
            assert nfc(source.quote) in field_text(note["Source"])


def test_non_latin_quotes_arrive_intact(anki_imported) -> None:
    col, _ = anki_imported
    note = notes_by_guid(col)[genanki.guid_for("person-nuri-pasha:qa:role")]
    source = field_text(note["Source"])
    assert nfc("বাকুতে ককেশীয় ইসলামিক আর্মির কমান্ডার নুরি পাশা তার অ্যাডজুট্যান্টের সাথে। 1918") in source
    assert nfc("Nuri Paşanın rəhbərliyi altındakı türk hərbi qüvvələrindən") in source
    assert "The Battle of Baku, 1918 (Bengali)" in text_of(note["Source"])
    assert {"lang::bn", "lang::az", "lang::en"} <= set(note.tags)


def test_every_card_renders_with_a_non_empty_front(anki_imported) -> None:
    col, _ = anki_imported
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        front, back = card.question(), card.answer()
        assert text_of(front), card.note()["FactId"]
        assert "{{" not in front and "{{" not in back
        assert "is blank" not in front and "error" not in text_of(front).lower()
        note = card.note()
        assert field_text(note["FactId"]) in text_of(back)  # fact id, source and statement on the back
        assert "Source" in text_of(back)


def test_each_cloze_note_makes_one_card_per_deletion(anki_imported) -> None:
    col, _ = anki_imported
    notes = col.find_notes('"note:studykit: cloze"')
    assert notes
    several = 0
    for nid in notes:
        note = col.get_note(nid)
        deletions = set(re.findall(r"\{\{c(\d+)::", note["Text"]))
        assert len(note.card_ids()) == len(deletions) >= 1
        several += len(deletions) > 1
        for card in note.cards():  # each card blanks its own deletion, with its hint
            assert re.search(r'class="cloze"[^>]*>\[[a-z]+\]<', card.question())
    assert several > 0


def test_multiple_choice_front_lists_the_options_and_the_back_marks_the_answer(anki_imported) -> None:
    col, _ = anki_imported
    nid = col.find_notes('"note:studykit: multiple choice"')[0]
    card = col.get_note(nid).cards()[0]
    front, back = card.question(), card.answer()
    letter = card.note()["Correct"]
    options = re.findall(r"<li>(.*?)</li>", front)
    assert len(options) == 4 and "marked-" not in text_of(front) and "<div class=\"marked" not in front
    # The back lists the same options and marks the correct one through the stylesheet.
    assert f'<div class="marked marked-{letter}"><ol class="options">' in back
    assert re.findall(r"<li>(.*?)</li>", back) == options
    nth = "ABCD".index(letter) + 1
    assert f".sk .marked-{letter} li:nth-child({nth})::after" in back and 'content: " \\2713"' in back
    assert f'<div class="answer">{letter}. {options[nth - 1]}</div>' in back


def test_a_second_import_adds_nothing(anki_imported, anki_package: Export) -> None:
    col, _ = anki_imported
    notes, cards = col.note_count(), col.card_count()
    log = import_package(col, anki_package.path)
    assert len(log.new) == 0
    assert len(log.conflicting) == 0
    assert (col.note_count(), col.card_count()) == (notes, cards)


def test_new_cards_come_fact_by_fact(anki_imported, anki_package: Export) -> None:
    """Anki shows new cards in the order of the package: a fact's cards together, facts in
    deck order, not all multiple-choice cards first."""
    col, _ = anki_imported
    facts = [f.id for d in anki_package.decks for f in d.facts]
    rows = col.db.all("SELECT n.flds FROM cards c JOIN notes n ON n.id = c.nid WHERE c.type = 0 ORDER BY c.due, c.id")
    listed = [html.unescape(row[0].split("\x1f")[-1]).split(", ") for row in rows]
    first_fact = [ids[0] for ids in listed]
    # a group note: its earliest fact
    positions = list(dict.fromkeys(min(facts.index(f) for f in ids) for ids in listed))
    assert positions[:20] == sorted(positions[:20])
    # the cards of the first fact that has several come together (a fact may keep one card only:
    # "the March massacres in Baku" asks no year in a deck on 1918)
    counts = {f: first_fact.count(f) for f in dict.fromkeys(first_fact)}
    first = next(f for f in facts if counts.get(f, 0) >= 2)
    start = first_fact.index(first)
    assert first_fact[start:start + counts[first]] == [first] * counts[first]
