"""The terminal review app (Textual). Only this package and `studykit.cli.review` import Textual.

Rules kept here:
- Screens show cards and post grades; what to show and what a grade does is the application
  layer's (`studykit.study`), which the app reaches through `tui.service`, the one adapter
  (the layer on the collection's own thread).
- Attributes down, messages up: screens set attributes on their widgets; widgets post
  messages nested in their own class; siblings never touch each other.
- Every piece of fact or card text is shown as plain `rich.text.Text`, never as markup.
- Every `Binding` has an id, so a user keymap (`keymap.toml`) can remap it.
"""
