"""The collection on disk: one SQLite file (standard library `sqlite3`), the review log its truth.

`Collection` is the API; `converters` keeps rows and domain objects apart; `migrations`
holds the schema, versioned with `PRAGMA user_version`.
"""

from __future__ import annotations

from studykit.storage.collection import (
    DEFAULT_SOURCE,
    ENV_VAR,
    Available,
    Collection,
    CollectionBusy,
    CollectionError,
    DeckEntry,
    ImportEntry,
    SyncReport,
    default_path,
    resolve_path,
)

__all__ = [
    "DEFAULT_SOURCE", "ENV_VAR", "Available", "Collection", "CollectionBusy", "CollectionError", "DeckEntry",
    "ImportEntry", "SyncReport", "default_path", "resolve_path",
]
