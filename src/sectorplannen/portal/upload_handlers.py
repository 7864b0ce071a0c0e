"""Uploads are held in memory, never in a temporary file: a participant file holds BSNs, and a file
in Django's temporary directory (or ours) would stay there in clear if the server were killed."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


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
