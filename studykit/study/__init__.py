"""The application layer: what studykit does, for the review app, the CLI and the tests alike.

Both faces call this layer and decide nothing themselves; it imports neither Textual nor Rich.
One module per concern:

- `study.study`: `Study`, a collection open with its card sources: opening and syncing the
  sources, and every question a face asks (decks, sessions, stats, passages) in one object;
- `study.decks`: naming decks (`resolve_deck`: id, name or Anki name, in any case; a parent
  selects its children) and the decks screen's rows (the tree of `Parent::Child` names with
  counts rolled up);
- `study.sessions`: a sitting of a session: start, grade, undo, bury, suspend, summary;
- `study.stats`: the numbers of the stats screen and of `studykit stats`;
- `study.views`: the frozen values the faces show (`DeckRow`, `Step`, `Summary`, ...);
- `study.errors`: `StudyError`, one readable message (exit status 2 in the CLI).

Below it: `studykit.sources` (where cards come from), `studykit.storage` (the collection
file), `studykit.core` (the pure rules). Every call that touches the collection runs on the
thread that opened it; `Study` says which calls touch none.
"""
