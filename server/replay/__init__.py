"""Game records: a finished (or running) game as one self-contained JSONL file, read back with
every line checked, verified against the engine, and stepped through from any viewer's seat.
Pure: no I/O beyond the text handed in (docs/replay.md)."""
