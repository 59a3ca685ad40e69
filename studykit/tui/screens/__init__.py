"""Screens of the review app: each shows what the app sets on it and posts messages up."""
