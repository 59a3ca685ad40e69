"""Rendering every card of real Anki packages: studykit's template renderer (and the HTML-to-text
conversion) against the `anki` library's own rendering, in the same run, as a ratio.

    .venv/bin/python bench/bench_anki_render.py [PACKAGE ...]

Defaults to the largest shared packages (../shared/anki-decks: 13, 22, 11). For each, both sides
render the question and answer of every card from the same notes: Anki with
`card.render_output()` (its Rust engine plus the Python steps), studykit with `render_card`
(pure Python); then studykit's `html_to_document` turns both sides into 80-column text.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studykit.importers.anki.html_text import html_to_document
from studykit.importers.anki.templates import render_card
from tests.importers.anki.anki_oracle import SHARED, note_type_of, open_package

DEFAULT = (
    "13_lars76_vietnamese_revlog.apkg", "22_kedarmhaswade_collection_cloze.apkg", "11_mujing_basic_word_anki21.apkg",
)


def bench(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        col = open_package(path, Path(tmp))
        cards = [col.get_card(cid) for cid in col.find_cards("")]
        inputs = []
        for card in cards:
            note = card.note()
            inputs.append((
                note_type_of(note.note_type()), card.ord, note.fields, note.tags, col.decks.name(card.odid or card.did),
            ))
        start = time.perf_counter()
        for card in cards:
            card.render_output(reload=False)
        anki_seconds = time.perf_counter() - start
        start = time.perf_counter()
        rendered = [render_card(nt, ord_, fields, tags=tags, deck=deck) for nt, ord_, fields, tags, deck in inputs]
        ours_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for card in rendered:
            html_to_document(card.question_html, 80)
            html_to_document(card.answer_html, 80)
        text_seconds = time.perf_counter() - start
        col.close()
    n = len(cards)
    print(f"{path.name}: {n} cards; anki render_output {anki_seconds:.3f}s ({anki_seconds / n * 1e3:.3f} ms/card), "
          f"studykit render_card {ours_seconds:.3f}s (ratio {ours_seconds / anki_seconds:.2f}x); "
          f"html_to_document both sides {text_seconds:.3f}s ({text_seconds / n * 1e3:.3f} ms/card)")


if __name__ == "__main__":
    for name in sys.argv[1:] or DEFAULT:
        bench(Path(name) if Path(name).exists() else SHARED / name)
