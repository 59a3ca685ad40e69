"""The terminal review app (Textual). Only this package and `studykit.cli.review` import Textual.

Rules kept here:
- Screens show cards and post grades; the queue, limits, re-drill and scheduling live in
  `studykit.core` and the collection in `studykit.storage` (`tui.service` is the one adapter).
- Attributes down, messages up: screens set attributes on their widgets; widgets post
  messages nested in their own class; siblings never touch each other.
- Every piece of fact or card text is shown as plain `rich.text.Text`, never as markup.
- Every `Binding` has an id, so a user keymap (`keymap.toml`) can remap it.
"""
