"""[MS-OVBA] algorithms: compression (2.4.1), decompression, data encryption (2.4.3).

The compressor follows the pseudo-code of [MS-OVBA] 2.4.1.3 literally (greedy longest match
over the current chunk, copy-token bit split depending on the decompressed position). It is
deterministic, so the same source always gives the same bytes.  The decompressor follows
2.4.1.3.1-2.4.1.3.5 and is what the tests use to read back what the compressor wrote (the
independent readers, oletools and LibreOffice, have their own decompressors).
"""

from __future__ import annotations

import struct

__all__ = [
    "compress",
    "decompress",
    "encrypt",
    "decrypt",
    "project_key",
    "OvbaError",
]

CHUNK_SIZE = 4096


class OvbaError(ValueError):
    """A byte array is not a valid CompressedContainer / encrypted hex string."""


# --------------------------------------------------------------------------- compression


def _copy_token_help(decompressed_current: int, decompressed_chunk_start: int
                     ) -> tuple[int, int, int, int]:
    """2.4.1.3.19.1 CopyToken Help: (length_mask, offset_mask, bit_count, maximum_length)."""
    difference = decompressed_current - decompressed_chunk_start
    bit_count = 4
    while (1 << bit_count) < difference:  # smallest n >= 4 with 2**n >= difference
        bit_count += 1
    bit_count = max(bit_count, 4)
    length_mask = 0xFFFF >> bit_count
    offset_mask = ~length_mask & 0xFFFF
    return length_mask, offset_mask, bit_count, length_mask + 3


def _match(data: bytes, chunk_start: int, current: int, end: int,
           index: dict[bytes, list[int]] | None = None) -> tuple[int, int]:
    """2.4.1.3.19.4 Matching: (offset, length) of the longest earlier match, or (0, 0).

    Candidates are tried from the nearest to the farthest and a longer match must be strictly
    longer to win, exactly as in the spec.  ``index`` (3-byte prefix -> earlier positions in
    this chunk) only skips candidates that cannot reach the minimum length of 3; the result is
    the same as the exhaustive search.
    """
    best_len = 0
    best_candidate = 0
    if index is None:
        candidates = range(current - 1, chunk_start - 1, -1)
    else:
        candidates = reversed(index.get(data[current:current + 3], ()))
    for candidate in candidates:
        c, d, n = candidate, current, 0
        while d < end and data[c] == data[d]:
            n += 1
            c += 1
            d += 1
        if n > best_len:
            best_len = n
            best_candidate = candidate
    if best_len >= 3:
        _, _, _, maximum_length = _copy_token_help(current, chunk_start)
        return current - best_candidate, min(maximum_length, best_len)
    return 0, 0


def _compress_chunk(data: bytes, chunk_start: int, exhaustive: bool = False) -> bytes:
    """2.4.1.3.7 Compressing a DecompressedChunk -> CompressedChunk (header included)."""
    end = min(chunk_start + CHUNK_SIZE, len(data))
    prefixes: dict[bytes, list[int]] | None = None if exhaustive else {}
    indexed = chunk_start  # positions < indexed are in ``prefixes``

    def advance(to: int) -> None:
        nonlocal indexed
        if prefixes is not None:
            for i in range(indexed, to):
                prefixes.setdefault(data[i:i + 3], []).append(i)
        indexed = to

    out = bytearray(b"\x00\x00")  # header placeholder
    compressed_end = CHUNK_SIZE + 2  # at most 4098 bytes of CompressedChunk
    current = chunk_start
    while current < end and len(out) < compressed_end:
        # 2.4.1.3.8 Compressing a TokenSequence
        flag_index = len(out)
        out.append(0)
        flag = 0
        for index in range(8):
            if current >= end or len(out) >= compressed_end:
                break
            advance(current)
            offset, length = _match(data, chunk_start, current, end, prefixes)
            if offset:
                if len(out) + 1 < compressed_end:
                    _, _, bit_count, _ = _copy_token_help(current, chunk_start)
                    token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                    out += struct.pack("<H", token)
                    flag |= 1 << index
                    current += length
                else:
                    out += b"\x00" * (compressed_end - len(out))  # force the raw path
                    break
            else:
                if len(out) < compressed_end:
                    out.append(data[current])
                    current += 1
                else:
                    break
        out[flag_index] = flag
    if current < end:
        # 2.4.1.3.10 Compressing a raw chunk: 4096 literal bytes, padded if the data is shorter
        raw = data[chunk_start:end]
        raw = raw + b"\x00" * (CHUNK_SIZE - len(raw))
        header = 0x3000 | (CHUNK_SIZE + 2 - 3)  # CompressedChunkFlag = 0
        return struct.pack("<H", header) + raw
    size = len(out)
    header = 0x8000 | 0x3000 | (size - 3)  # 2.4.1.3.13/14/16: size, signature 0b011, flag 1
    out[0:2] = struct.pack("<H", header)
    return bytes(out)


def compress(data: bytes, *, exhaustive: bool = False) -> bytes:
    """[MS-OVBA] 2.4.1.3.6 Compression: bytes -> CompressedContainer (signature 0x01).

    ``exhaustive=True`` runs the spec's candidate loop over every earlier position (slow; the
    tests check that the indexed search gives identical bytes).
    """
    data = bytes(data)
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data, start, exhaustive)
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """[MS-OVBA] 2.4.1.3.1 Decompression of a CompressedContainer."""
    data = bytes(container)
    if not data or data[0] != 0x01:
        raise OvbaError("CompressedContainer must start with signature byte 0x01")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise OvbaError(f"truncated chunk header at {pos}")
        (header,) = struct.unpack_from("<H", data, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0x7 != 0b011:
            raise OvbaError(f"bad chunk signature in header {header:#06x} at {pos}")
        compressed = bool(header & 0x8000)
        chunk_end = min(pos + size, len(data))
        pos += 2
        start = len(out)
        if not compressed:
            out += data[pos:pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        while pos < chunk_end:
            flag = data[pos]
            pos += 1
            for index in range(8):
                if pos >= chunk_end:
                    break
                if not flag & (1 << index):
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise OvbaError(f"truncated copy token at {pos}")
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                _, _, bit_count, _ = _copy_token_help(len(out), start)
                length = (token & (0xFFFF >> bit_count)) + 3
                offset = (token >> (16 - bit_count)) + 1
                src = len(out) - offset
                if src < start:
                    raise OvbaError(f"copy token reaches before the chunk at {pos - 2}")
                for i in range(length):  # byte by byte: overlapping copies are allowed
                    out.append(out[src + i])
        pos = chunk_end
    return bytes(out)


# --------------------------------------------------------------------------- encryption


def project_key(project_id: str) -> int:
    """2.4.3.2: ProjKey = sum of the bytes of the ProjectId text (with braces), mod 256."""
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(data: bytes, project_id: str, seed: int = 0x00, ignored: int = 0x00) -> str:
    """2.4.3.2 Data Encryption -> the hex text used for CMG=, DPB=, GC= in the PROJECT stream.

    ``seed`` and the ``ignored`` filler byte are free per the spec; fixed values keep the
    build deterministic.
    """
    seed &= 0xFF
    version = 2
    key = project_key(project_id)
    out = [seed, seed ^ version, seed ^ key]
    unencrypted_1 = key
    encrypted_1 = seed ^ key
    encrypted_2 = seed ^ version

    def emit(byte: int) -> None:
        nonlocal unencrypted_1, encrypted_1, encrypted_2
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2 = encrypted_1
        encrypted_1 = enc
        unencrypted_1 = byte

    for _ in range((seed & 6) // 2):
        emit(ignored)
    for byte in struct.pack("<I", len(data)):
        emit(byte)
    for byte in data:
        emit(byte)
    return bytes(out).hex().upper()


def decrypt(hex_text: str) -> bytes:
    """2.4.3.3 Data Decryption (inverse of :func:`encrypt`); checks version and length."""
    try:
        enc = bytes.fromhex(hex_text)
    except ValueError as exc:
        raise OvbaError(f"not hex: {hex_text!r}") from exc
    if len(enc) < 3:
        raise OvbaError("encrypted data too short")
    seed, version_enc, key_enc = enc[0], enc[1], enc[2]
    if seed ^ version_enc != 2:
        raise OvbaError("bad encryption version")
    key = seed ^ key_enc
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    pos = 3

    def take() -> int:
        nonlocal pos, unencrypted_1, encrypted_1, encrypted_2
        if pos >= len(enc):
            raise OvbaError("encrypted data truncated")
        byte_enc = enc[pos]
        pos += 1
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        encrypted_2 = encrypted_1
        encrypted_1 = byte_enc
        unencrypted_1 = byte
        return byte

    for _ in range((seed & 6) // 2):
        take()
    length = struct.unpack("<I", bytes(take() for _ in range(4)))[0]
    data = bytes(take() for _ in range(length))
    if pos != len(enc):
        raise OvbaError("trailing bytes after encrypted data")
    return data
