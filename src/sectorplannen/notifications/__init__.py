"""Notifications: an inbox per user and the same message by e-mail (decisions, settlements,
revisions, finished uploads, reminders of deadlines)."""
