"""The open websockets per client address, counted across the workers of `brink serve
--workers N` (security.OpenSockets): a table in a file every worker maps into memory, one row
per worker. A worker writes only its own row (so no lock is needed) and reads every row to
know an address's total; the parent zeroes a row when its worker dies (its sockets died too).

An address counts in one of BUCKETS buckets (a CRC of it): two addresses that share a bucket
share its count — with 65,536 buckets, rare, and then a limit is met a little early, never
late."""

from __future__ import annotations

import mmap
import zlib
from pathlib import Path

BUCKETS = 1 << 16
_CELL = 4  # bytes: an int32 a bucket


def make_table(path: Path, rows: int) -> None:
    """Create the table's file, every count zero."""
    with path.open("wb") as file:
        file.truncate(rows * BUCKETS * _CELL)


def zero_row(path: Path, row: int) -> None:
    """Forget a worker's counts (it stopped: its sockets are closed)."""
    with path.open("r+b") as file:
        file.seek(row * BUCKETS * _CELL)
        file.write(bytes(BUCKETS * _CELL))


class SocketTable:
    """One worker's view of the table: it counts in row `row` of `rows`."""

    def __init__(self, path: Path, row: int, rows: int) -> None:
        with path.open("r+b") as file:
            self._map = mmap.mmap(file.fileno(), rows * BUCKETS * _CELL)
        self._cells = memoryview(self._map).cast("i")
        self.row, self.rows = row, rows

    @staticmethod
    def bucket(address: str) -> int:
        return zlib.crc32(address.encode()) % BUCKETS

    def total(self, address: str) -> int:
        """Return the sockets `address` holds open on every worker."""
        at = self.bucket(address)
        return sum(self._cells[row * BUCKETS + at] for row in range(self.rows))

    def add(self, address: str, change: int) -> None:
        self._cells[self.row * BUCKETS + self.bucket(address)] += change
