"""The rooms this process serves: hub, rooms, connections, handlers, matchmaking, timers."""
