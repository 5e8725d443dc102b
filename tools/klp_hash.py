"""klp_hash.py - the hash of src/common/klp_hash.h (klpi_hash64), for the table generators."""

M64 = 0xFFFFFFFFFFFFFFFF


def hash64(data: bytes) -> int:
    """The bytes mixed 8 at a time, little-endian, the last group padded with zeros."""
    h = (len(data) * 0x9E3779B97F4A7C15) & M64
    for i in range(0, len(data), 8):
        c = int.from_bytes(data[i:i + 8], "little")
        h = ((h ^ c) * 0xBF58476D1CE4E5B9) & M64
        h ^= h >> 31
    return h
