"""A minimal [MS-CFB] (Compound File Binary, "OLE2") writer, version 3 (512-byte sectors).

Enough for a ``vbaProject.bin``: nested storages and streams, streams below 4096 bytes in the
mini stream (64-byte mini sectors + MiniFAT) as the spec requires, larger ones in regular
sectors.  Everything is deterministic: no timestamps, no CLSIDs, entries in a fixed order.
``olefile`` is the reader used in the tests.

Layout written::

    header | FAT sectors | directory sectors | MiniFAT sectors | mini stream | big streams
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

__all__ = ["write_cfb"]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
DIFAT_IN_HEADER = 109


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    black: bool = True
    start: int = ENDOFCHAIN
    size: int = 0


def _cfb_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4 ordering: shorter names first, then by upper-cased UTF-16 code units."""
    return (len(name.encode("utf-16-le")), name.upper())


def _tree(entries: list[_Entry], depth: int, max_depth: int) -> int:
    """Balanced binary tree over sorted ``entries``; returns the root's stream id.

    Built by halving, so every path from the root to a leaf has length max_depth or
    max_depth - 1; nodes at max_depth are red when the tree is not perfect: a valid
    red-black tree (equal black height, no red node with a red child, black root).
    """
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.left = _tree(entries[:mid], depth + 1, max_depth)
    node.right = _tree(entries[mid + 1:], depth + 1, max_depth)
    node.black = not (depth == max_depth and depth > 1)
    return node.sid


def _depth(n: int) -> int:
    d = 0
    while n:
        n //= 2
        d += 1
    return d


def _perfect(n: int) -> bool:
    return (n + 1) & n == 0


def write_cfb(tree: dict[str, object]) -> bytes:
    """Serialise ``tree`` to a compound file.

    ``tree`` maps names to ``bytes`` (a stream) or to a nested dict (a storage), e.g.
    ``{"VBA": {"dir": b"...", "Module1": b"..."}, "PROJECT": b"..."}``.  Names are at most
    31 UTF-16 code units and must not contain ``/ \\ : !``.
    """
    root = _Entry("Root Entry", 5)
    flat: list[_Entry] = [root]

    def add(parent: _Entry, items: dict[str, object]) -> None:
        for name in sorted(items, key=_cfb_key):
            if len(name) > 31 or any(ch in name for ch in "/\\:!") or not name:
                raise ValueError(f"invalid compound file entry name {name!r}")
            value = items[name]
            if isinstance(value, dict):
                entry = _Entry(name, 1)
            elif isinstance(value, (bytes, bytearray)):
                entry = _Entry(name, 2, bytes(value))
            else:
                raise TypeError(f"{name}: expected bytes or dict, got {type(value).__name__}")
            entry.sid = len(flat)
            flat.append(entry)
            parent.children.append(entry)
        keys = [_cfb_key(c.name) for c in parent.children]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate entry names (case-insensitive) in one storage")
        for entry in parent.children:
            if entry.kind == 1:
                add(entry, items[entry.name])  # type: ignore[arg-type]

    add(root, tree)
    for entry in flat:
        if entry.kind in (1, 5) and entry.children:
            n = len(entry.children)
            max_depth = _depth(n) if not _perfect(n) else -1
            entry.child = _tree(entry.children, 1, max_depth)

    # ---- mini stream (streams < 4096 bytes) and MiniFAT
    mini = bytearray()
    minifat: list[int] = []
    for entry in flat:
        if entry.kind == 2 and len(entry.data) < MINI_CUTOFF:
            entry.size = len(entry.data)
            if not entry.data:
                entry.start = ENDOFCHAIN
                continue
            first = len(mini) // MINI_SECTOR
            n = -(-len(entry.data) // MINI_SECTOR)
            mini += entry.data + b"\x00" * (n * MINI_SECTOR - len(entry.data))
            minifat += [first + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
            entry.start = first
    big = [e for e in flat if e.kind == 2 and len(e.data) >= MINI_CUTOFF]

    def nsec(nbytes: int) -> int:
        return -(-nbytes // SECTOR)

    n_dir = nsec(len(flat) * 128)
    n_minifat = nsec(len(minifat) * 4)
    n_mini = nsec(len(mini))
    n_big = sum(nsec(len(e.data)) for e in big)
    n_fat = 1
    while True:  # FAT sectors also need FAT entries
        total = n_fat + n_dir + n_minifat + n_mini + n_big
        if nsec(total * 4) <= n_fat:
            break
        n_fat += 1
    if n_fat > DIFAT_IN_HEADER:
        raise ValueError("compound file too large for this writer (needs DIFAT sectors)")

    fat: list[int] = []

    def chain(count: int) -> int:
        if count == 0:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        return first

    fat.extend([FATSECT] * n_fat)
    first_dir = chain(n_dir)
    first_minifat = chain(n_minifat)
    root.start = chain(n_mini)
    root.size = len(mini)
    for entry in big:
        entry.size = len(entry.data)
        entry.start = chain(nsec(entry.size))
    assert len(fat) == total
    fat += [FREESECT] * (n_fat * SECTOR // 4 - len(fat))

    # ---- directory
    dir_bytes = bytearray()
    for entry in flat:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        dir_bytes += name + b"\x00" * (64 - len(name))
        dir_bytes += struct.pack(
            "<HBBIII16sIQQIQ",
            len(name), entry.kind, 1 if entry.black else 0,
            entry.left, entry.right, entry.child,
            b"\x00" * 16, 0, 0, 0,
            entry.start if entry.kind != 1 else 0,
            entry.size if entry.kind != 1 else 0,
        )
    while len(dir_bytes) % SECTOR:
        dir_bytes += (b"\x00" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM,
                                                 NOSTREAM) + b"\x00" * 48)

    def pad(b: bytes | bytearray) -> bytes:
        return bytes(b) + b"\x00" * (-len(b) % SECTOR)

    minifat_bytes = b"".join(struct.pack("<I", x) for x in minifat)
    minifat_bytes += struct.pack("<I", FREESECT) * ((-len(minifat_bytes) % SECTOR) // 4)

    header = bytearray()
    header += bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, n_fat, first_dir, 0, MINI_CUTOFF,
                          first_minifat if n_minifat else ENDOFCHAIN, n_minifat,
                          ENDOFCHAIN, 0)
    difat = list(range(n_fat)) + [FREESECT] * (DIFAT_IN_HEADER - n_fat)
    header += b"".join(struct.pack("<I", x) for x in difat)
    assert len(header) == SECTOR

    out = bytearray(header)
    out += b"".join(struct.pack("<I", x) for x in fat)
    out += dir_bytes
    out += minifat_bytes
    out += pad(mini)
    for entry in big:
        out += pad(entry.data)
    assert len(out) == SECTOR * (1 + total)
    return bytes(out)
