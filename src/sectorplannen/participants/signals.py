"""Signals of the participant registry. Why a signal: the upload job lives below the notifications
app in the layers, so it announces that an upload finished and the notifications app, higher up,
listens (``NotificationsConfig.ready``)."""

from django.dispatch import Signal

# Sent by the upload job when an import ended and stored its batch; ``batch`` is the ImportBatch.
upload_finished = Signal()
