"""Queued upload files, encrypted at rest: a participant file (with BSNs) waits for its background job
in the queue folder as ciphertext only, is read back with random access (an XLSX is a zip and is read
by seeking), and is removed once the job has finished.

Format: ``SPQ1`` + 4-byte key id + 16-byte salt + 4-byte chunk size, then the chunks. Each chunk is
``chunk size`` bytes of the file (the last one shorter, at least 1 byte unless the file is empty)
encrypted with AES-256-GCM under a key of the file's own (``Vault.file_cipher``: derived from the
newest BSN encryption key and the salt); the nonce is the chunk's index with a last-chunk flag, so
chunks cannot be reordered, dropped or the file cut short without the read failing. Why our own
format (about 150 lines): the libraries that stream AEAD (age, Tink) give sequential streams only,
and zipfile needs ``seek``; see docs/adr/013-issue17-uploads-and-reports-as-jobs.md."""

from __future__ import annotations

import io
import os
import struct
import uuid
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from django.conf import settings

from .vault import VaultError, get_vault

MAGIC = b"SPQ1"
_HEADER = struct.Struct(">4s4s16sI")
CHUNK = 1 << 20
_TAG = 16
SUFFIX = ".sealed"


def queue_dir() -> Path:
    """The private folder (0700) of queued upload files."""
    path = Path(settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR or Path(settings.DATA_DIR) / "upload-queue")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def sealed_path(token: str) -> Path:
    """The file of a queue token (a hexadecimal uuid; never the user's file name, which may hold a BSN)."""
    if not token or any(c not in "0123456789abcdef" for c in token):
        raise ValueError("not a queue token")
    return queue_dir() / f"{token}{SUFFIX}"


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """Writes a queued file chunk by chunk as the bytes arrive; ``close()`` seals it, ``discard()``
    removes it. Only one chunk of plain bytes is held in memory."""

    def __init__(self, token: str | None = None):
        self.token = token or uuid.uuid4().hex
        self.path = sealed_path(self.token)
        salt = os.urandom(16)
        key_id, self._cipher = get_vault().file_cipher(salt)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._fh = os.fdopen(fd, "wb")
        self._fh.write(_HEADER.pack(MAGIC, key_id, salt, CHUNK))
        self._buffer = bytearray()
        self._index = 0
        self.size = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is sealed on close
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def _emit(self, plain: bytes, *, last: bool) -> None:
        self._fh.write(self._cipher.encrypt(_nonce(self._index, last), plain, None))
        self._index += 1

    def close(self) -> int:
        """Seal the file; returns the size of its plain content."""
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._fh.close()
        return self.size

    def discard(self) -> None:
        self._buffer.clear()
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)


def seal(source: Path | BinaryIO, token: str | None = None) -> tuple[str, int]:
    """Encrypt a path, a binary file object or a Django upload (read in chunks) into the queue;
    returns (token, plain size)."""
    writer = SealedWriter(token)
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as fh:
                for block in iter(lambda: fh.read(CHUNK), b""):
                    writer.write(block)
        elif hasattr(source, "chunks"):
            for block in source.chunks(CHUNK):
                writer.write(block)
        else:
            source.seek(0)
            for block in iter(lambda: source.read(CHUNK), b""):
                writer.write(block)
        return writer.token, writer.close()
    except BaseException:
        writer.discard()
        raise


class _SealedRaw(io.RawIOBase):
    """Random-access reading of a sealed file; decrypts (and checks) one chunk at a time."""

    def __init__(self, path: Path):
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            magic, key_id, salt, self._chunk = _HEADER.unpack(self._fh.read(_HEADER.size))
        except struct.error:
            magic = b""
        if magic != MAGIC:
            self._fh.close()
            raise VaultError("not a queued upload file")
        _, self._cipher = get_vault().file_cipher(salt, key_id)
        body = os.fstat(self._fh.fileno()).st_size - _HEADER.size
        stored = self._chunk + _TAG
        self._chunks = max(-(-body // stored), 1)
        self.size = body - self._chunks * _TAG
        self._pos = 0
        self._loaded: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(base + offset, 0)
        return self._pos

    def _plain(self, index: int) -> bytes:
        if self._loaded is None or self._loaded[0] != index:
            stored = self._chunk + _TAG
            self._fh.seek(_HEADER.size + index * stored)
            data = self._fh.read(stored)
            try:
                plain = self._cipher.decrypt(_nonce(index, index == self._chunks - 1), data, None)
            except InvalidTag:
                raise VaultError("queued upload file was altered or cut short") from None
            self._loaded = (index, plain)
        return self._loaded[1]

    def readinto(self, buffer) -> int:
        if self._pos >= self.size:
            return 0
        index, offset = divmod(self._pos, self._chunk)
        plain = self._plain(index)
        n = min(len(buffer), len(plain) - offset)
        buffer[:n] = plain[offset:offset + n]
        self._pos += n
        return n

    def close(self) -> None:
        self._loaded = None
        self._fh.close()
        super().close()


def open_sealed(token: str) -> io.BufferedReader:
    """The plain content of a queued file as a seekable binary file (never written to disk in clear)."""
    return io.BufferedReader(_SealedRaw(sealed_path(token)), buffer_size=64 * 1024)


def remove(token: str) -> None:
    sealed_path(token).unlink(missing_ok=True)


def tokens() -> list[str]:
    """The tokens of the files now in the queue folder."""
    return [p.name[:-len(SUFFIX)] for p in queue_dir().iterdir() if p.name.endswith(SUFFIX)]
