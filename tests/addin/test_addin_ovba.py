"""[MS-OVBA] compression (2.4.1) and data encryption (2.4.3): spec vectors and round trips."""

from __future__ import annotations

import random

import pytest

from cmfi_xl.addin.ovba import OvbaError, compress, decompress, decrypt, encrypt, project_key

# [MS-OVBA] 3.2.1 "No Compression Example"
NO_COMPRESSION = (b"abcdefghijklmnopqrstuv.", bytes.fromhex(
    "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"))
# [MS-OVBA] 3.2.2 "Normal Compression Example" (current online revision of the spec)
NORMAL = (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa", bytes.fromhex(
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 "
    "6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"))
# The same example as printed in older (PDF) revisions: different length bits in three copy
# tokens, same decompressed text.  A reader must accept it.
NORMAL_OLD_REVISION = bytes.fromhex(
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 "
    "6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C")
# [MS-OVBA] 3.2.3 "Maximum Compression Example": 73 x "a"
MAXIMUM = (b"a" * 73, bytes.fromhex("01 03 B0 02 61 45 00"))


@pytest.mark.parametrize("plain,packed", [NO_COMPRESSION, NORMAL, MAXIMUM],
                         ids=["no-compression", "normal", "maximum"])
def test_spec_vectors(plain: bytes, packed: bytes) -> None:
    assert compress(plain) == packed
    assert decompress(packed) == plain


def test_old_revision_of_normal_example_decompresses() -> None:
    assert decompress(NORMAL_OLD_REVISION) == NORMAL[0]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4095, 4096, 4097, 8192, 8193, 20000])
def test_round_trip_sizes(size: int) -> None:
    rnd = random.Random(size)
    data = bytes(rnd.choice(b"Dim x As Long\r\n' \"End Sub") for _ in range(size))
    packed = compress(data)
    assert packed[0] == 1
    assert decompress(packed) == data


def test_indexed_search_equals_spec_search() -> None:
    rnd = random.Random(7)
    for _ in range(20):
        data = bytes(rnd.choice(b"ab \r\n") for _ in range(rnd.randrange(0, 6000)))
        assert compress(data) == compress(data, exhaustive=True)


def test_incompressible_chunk_is_raw() -> None:
    rnd = random.Random(3)
    data = bytes(rnd.randrange(256) for _ in range(4096))
    packed = compress(data)
    header = int.from_bytes(packed[1:3], "little")
    assert header & 0x8000 == 0 and (header >> 12) & 7 == 3  # CompressedChunkFlag = 0
    assert len(packed) == 1 + 2 + 4096
    assert decompress(packed) == data


def test_chunk_headers_are_valid_on_real_source() -> None:
    from cmfi_xl.addin.xlwings_vba import VENDORED

    src = VENDORED.read_bytes()
    packed = compress(src)
    pos, chunks = 1, 0
    while pos < len(packed):
        header = int.from_bytes(packed[pos:pos + 2], "little")
        assert (header >> 12) & 7 == 0b011
        pos += (header & 0xFFF) + 3
        chunks += 1
    assert pos == len(packed)
    assert chunks == -(-len(src) // 4096)
    assert decompress(packed) == src


@pytest.mark.parametrize("bad", [b"", b"\x02\x00\x00", b"\x01\x05\x00"])
def test_decompress_rejects_garbage(bad: bytes) -> None:
    with pytest.raises(OvbaError):
        decompress(bad)


# [MS-OVBA] 3.1.6 PROJECT stream example: the project id and its three encrypted values.
SPEC_ID = "{917DED54-440B-4FD1-A5C1-74ACF261E600}"


@pytest.mark.parametrize("hex_text,plain", [
    ("0705D8E3D8EDDBF1DBF1DBF1DBF1", b"\x00\x00\x00\x00"),  # CMG: not protected
    ("0E0CD1ECDFF4E7F5E7F5E7", b"\x00"),                    # DPB: no password
    ("1517CAF1D6F9D7F9D706", b"\xff"),                      # GC: visible
])
def test_decrypt_spec_example(hex_text: str, plain: bytes) -> None:
    assert decrypt(hex_text) == plain
    seed = int(hex_text[:2], 16)
    assert seed ^ int(hex_text[4:6], 16) == project_key(SPEC_ID)


@pytest.mark.parametrize("seed", range(0, 256, 17))
def test_encrypt_round_trip(seed: int) -> None:
    for data in (b"\x00\x00\x00\x00", b"\x00", b"\xff", b"hello"):
        text = encrypt(data, SPEC_ID, seed=seed)
        assert text == text.upper() and len(text) % 2 == 0
        assert decrypt(text) == data
        assert int(text[4:6], 16) ^ seed == project_key(SPEC_ID)
