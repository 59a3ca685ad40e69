"""The `anki` library as the oracle for the template renderer: every card of a real package,
rendered by Anki and by `studykit.importers.anki.templates` from the same note, compared.

Run as `python -m tests.importers.anki.anki_oracle` to print the comparison per package.

Normalization, applied the same way to both sides (and nothing else):
- Anki's `render_output()` replaces each `[sound:x]` (and each `[anki:tts]…[/anki:tts]`) with a
  numbered `[anki:play:q:N]` marker; the markers are turned back into `[sound:x]` (`[tts]` for
  speech) from its tag lists, and our `[anki:tts …]…[/anki:tts]` becomes `[tts]`.
- The element id that links a `{{hint:}}` to its text is a BLAKE3 hash in Anki (not in the
  standard library), so `hint<16 hex>` ids are replaced by `hint#`.
- Anki's LaTeX hook (`[latex]…[/latex]` → `<img src=latex-….png>`) runs on our HTML too.
- A template error: Anki renders the error as the card's text ("Front template has a
  problem:<br>…"); ours raises TemplateError, whose message must contain Anki's detail.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.latex import render_latex
from anki.sound import SoundOrVideoTag

from studykit.importers.anki.templates import (
    CardTemplate,
    NoteType,
    TemplateError,
    card_ordinals,
    render_card,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "anki-decks"


def packages() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.iterdir() if p.suffix in (".apkg", ".colpkg"))


def open_package(path: Path, directory: Path) -> Collection:
    """A fresh Anki collection holding the package, imported as Anki's import does."""
    col_path = directory / "collection.anki2"
    if path.suffix == ".colpkg":
        from anki._backend import RustBackend

        RustBackend().import_collection_package(
            col_path=str(col_path),
            backup_path=str(path),
            media_folder=str(directory / "collection.media"),
            media_db=str(directory / "collection.media.db2"),
        )
        return Collection(str(col_path))
    col = Collection(str(col_path))
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True))
    )
    return col


def note_type_of(model: dict) -> NoteType:  # type: ignore[type-arg]
    return NoteType(
        name=model["name"],
        field_names=tuple(f["name"] for f in model["flds"]),
        templates=tuple(CardTemplate(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]),
        is_cloze=model["type"] == 1,
    )


_PLAY = re.compile(r"\[anki:play:([qa]):(\d+)\]")
_OUR_TTS = re.compile(r"\[anki:tts(?:[ \t\r\n][^\]]*)?\].*?\[/anki:tts\]", re.DOTALL)
_OUR_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_HINT_ID = re.compile(r"hint[0-9a-f]{16}")
_ANKI_ERROR = re.compile(r"^(Front|Back) template has a problem:<br>(.*?)<br><a href=", re.DOTALL)


def _unplay(text: str, q_tags: list, a_tags: list) -> str:  # type: ignore[type-arg]
    def back(m: re.Match[str]) -> str:
        tags = q_tags if m.group(1) == "q" else a_tags
        tag = tags[int(m.group(2))]
        return f"[sound:{tag.filename}]" if isinstance(tag, SoundOrVideoTag) else "[tts]"

    return _HINT_ID.sub("hint#", _PLAY.sub(back, text))


def _ours(text: str, model: dict, col: Collection) -> str:  # type: ignore[type-arg]
    text = _OUR_TTS.sub("[tts]", text)
    text = _OUR_SOUND.sub(lambda m: "[sound:" + os.path.basename(html.unescape(m.group(1))) + "]", text)
    return _HINT_ID.sub("hint#", render_latex(text, model, col))


@dataclass
class Comparison:
    package: str
    cards: int = 0
    equal: int = 0
    errors_matched: int = 0
    differing: list[str] = field(default_factory=list)
    notes: int = 0
    ords_equal: int = 0
    ords_differing: list[str] = field(default_factory=list)
    stale_cards: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"{self.package}: {self.cards} cards, {self.equal} equal "
            f"({self.errors_matched} of them the same template error), {len(self.differing)} differing; "
            f"{self.notes} notes, {self.ords_equal} with the same cards as Anki makes, {len(self.ords_differing)} not "
            f"({self.stale_cards} cards in the package Anki finds empty)"
        )


def compare(path: Path) -> Comparison:
    result = Comparison(path.name)
    with tempfile.TemporaryDirectory() as tmp:
        col = open_package(path, Path(tmp))
        try:
            for item in _compare_cards(col, result):
                result.differing.append(item)
            _compare_ordinals(col, result)
        finally:
            col.close()
    return result


def _compare_cards(col: Collection, result: Comparison) -> Iterator[str]:
    for cid in sorted(col.find_cards("")):
        card = col.get_card(cid)
        note = card.note()
        model = note.note_type()
        assert model is not None
        out = card.render_output(reload=True)
        anki_q = _unplay(out.question_text, out.question_av_tags, out.answer_av_tags)
        anki_a = _unplay(out.answer_text, out.question_av_tags, out.answer_av_tags)
        result.cards += 1
        deck = col.decks.name(card.odid or card.did)
        try:
            ours = render_card(
                note_type_of(model),
                card.ord,
                note.fields,
                tags=note.tags,
                deck=deck,
                flag=card.user_flag(),
                card_id=card.id,
            )
        except TemplateError as error:
            anki_error = _ANKI_ERROR.match(out.question_text)
            detail = (
                html.unescape(anki_error.group(2)).replace("\u2068", "").replace("\u2069", "") if anki_error else None
            )
            if anki_error and detail in str(error) and str(error).startswith(anki_error.group(1)):
                result.equal += 1
                result.errors_matched += 1
                continue
            result.reasons["error only in ours"] += 1
            yield f"card {cid} ({model['name']} ord {card.ord}): ours raised {error}; anki: {out.question_text[:200]!r}"
            continue
        q, a = _ours(ours.question_html, model, col), _ours(ours.answer_html, model, col)
        if q == anki_q and a == anki_a:
            result.equal += 1
        else:
            result.reasons["html differs"] += 1
            side = "question" if q != anki_q else "answer"
            yield (
                f"card {cid} ({model['name']} ord {card.ord}) {side} differs:\n"
                f"  anki: {(anki_q if side == 'question' else anki_a)[:600]!r}\n"
                f"  ours: {(q if side == 'question' else a)[:600]!r}"
            )


def _compare_ordinals(col: Collection, result: Comparison) -> None:
    """Anki's cards for each note: the package's, plus any Anki generates, less those its
    Empty Cards tool finds empty (old cards whose cloze or field is gone, or whose template
    no longer parses): compared with what `card_ordinals` makes of the note."""
    nids = sorted(col.find_notes(""))
    col.after_note_updates(nids, mark_modified=False, generate_cards=True)
    empty = {cid for report in col.get_empty_cards().notes for cid in report.card_ids}
    result.stale_cards = len(empty)
    for nid in nids:
        note = col.get_note(nid)
        model = note.note_type()
        assert model is not None
        existing = tuple(sorted(c.ord for c in note.cards() if c.id not in empty))
        ours = card_ordinals(note_type_of(model), note.fields, note.tags, at_least_one=False)
        result.notes += 1
        if existing == ours:
            result.ords_equal += 1
        else:
            result.ords_differing.append(f"note {nid} ({model['name']}): package has {existing}, ours {ours}")


if __name__ == "__main__":
    import sys

    for package in packages():
        if len(sys.argv) > 1 and not any(a in package.name for a in sys.argv[1:]):
            continue
        comparison = compare(package)
        print(comparison.summary())
        for line in comparison.differing[:8]:
            print("  ", line)
        for line in comparison.ords_differing[:8]:
            print("  ", line)
