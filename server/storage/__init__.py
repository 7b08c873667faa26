"""Redis: the room store, the embedded Redis server, the archive of finished games."""
