"""Uploads are held in memory or encrypted, never in a clear temporary file: a participant file holds
BSNs, and a file in Django's temporary directory (or ours) would stay there in clear if the server
were killed. Small files (auditor's statements) stay in memory; the participant upload, up to
``PARTICIPANT_UPLOAD_MAX_BYTES``, is encrypted into the upload queue as it arrives and processed by a
background job (participants/upload_jobs.py)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from sectorplannen.participants.services import SealedWriter, open_sealed, remove_queued_file


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Every uploaded file into memory, up to ``PORTAL_UPLOAD_MAX_BYTES``. Beyond that the bytes are
    counted but not kept, and the file arrives empty with its true size, so the form refuses it as too
    large (``check_upload``) without the server holding it."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._buffer, self._size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._buffer is not None:
            if self._size > settings.PORTAL_UPLOAD_MAX_BYTES:
                self._buffer = None
            else:
                self._buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        buffer = self._buffer or io.BytesIO()
        buffer.seek(0)
        return InMemoryUploadedFile(buffer, self.field_name, self.file_name, self.content_type, self._size,
                                    self.charset, self.content_type_extra)


class SealedUploadedFile(UploadedFile):
    """A participant file that arrived encrypted into the upload queue (``SealingUploadHandler``); read
    back decrypted, chunk by chunk. ``claimed`` once a job owns it; else the view removes it."""

    def __init__(self, token: str | None, name: str, size: int, content_type: str, charset):
        super().__init__(open_sealed(token) if token else io.BytesIO(), name, content_type, size, charset)
        self.token = token
        self.claimed = False

    def discard(self) -> None:
        self.close()
        if self.token:
            remove_queued_file(self.token)


class SealingUploadHandler(FileUploadHandler):
    """The participant upload's file, encrypted into the upload queue as the bytes arrive: never held
    whole in memory, never on disk in clear. Beyond ``PARTICIPANT_UPLOAD_MAX_BYTES`` the bytes are
    counted but not kept, and the file arrives empty with its true size, so the form refuses it."""

    chunk_size = 1 << 20

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._writer, self._size = SealedWriter(), 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._writer is not None:
            if self._size > settings.PARTICIPANT_UPLOAD_MAX_BYTES:
                self._writer.discard()
                self._writer = None
            else:
                self._writer.write(raw_data)
        return None

    def file_complete(self, file_size):
        token = None
        if self._writer is not None:
            self._writer.close()
            token = self._writer.token
        self._writer = None
        return SealedUploadedFile(token, self.file_name, self._size, self.content_type, self.charset)

    def upload_interrupted(self):
        if getattr(self, "_writer", None) is not None:
            self._writer.discard()
            self._writer = None


def discard_unclaimed(request) -> None:
    """Remove the queued files of this request that no job took (form refused, no permission, error)."""
    files = getattr(request, "_files", None)
    if not files:
        return
    for _, uploads in files.lists():
        for upload in uploads:
            if isinstance(upload, SealedUploadedFile) and not upload.claimed:
                upload.discard()
