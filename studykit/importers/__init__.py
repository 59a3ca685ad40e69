"""Importers: packages made by other tools, read into studykit's terms (today: Anki's)."""
