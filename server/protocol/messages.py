"""Every message in one union per direction (`ClientMessage`, `ServerMessage`), their
TypeAdapters (`CLIENT_MESSAGES` parses what a client sends) and `schema()`, the JSON Schema of
both (docs/protocol.schema.json)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from server.protocol.base import PROTOCOL_VERSION
from server.protocol.classroom import (
    ClassFollowed,
    ClassInfo,
    ClassRooms,
    ClassView,
    Control,
    Controlled,
    FollowClass,
    Present,
    Presented,
    UnwatchClass,
    WatchClass,
)
from server.protocol.replies import (
    Accepted,
    Error,
    Joined,
    Left,
    Pong,
    Presence,
    Queued,
    ResyncRequired,
    RoomCreated,
    Update,
    Welcome,
)
from server.protocol.requests import (
    Act,
    Chat,
    CreateRoom,
    DeclineRematch,
    Hello,
    Join,
    JoinRematch,
    Leave,
    Ping,
    PlayBot,
    QuickMatch,
    Rematch,
    Resume,
    Resync,
)

ClientMessage = Annotated[
    Hello
    | CreateRoom
    | Join
    | Resume
    | Act
    | Chat
    | Leave
    | Resync
    | QuickMatch
    | PlayBot
    | Rematch
    | DeclineRematch
    | JoinRematch
    | Ping
    | Control
    | FollowClass
    | Present
    | WatchClass
    | UnwatchClass,
    Field(discriminator="type"),
]
CLIENT_MESSAGES: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)

ServerMessage = Annotated[
    Welcome
    | RoomCreated
    | Joined
    | Update
    | Accepted
    | Left
    | Error
    | Presence
    | ResyncRequired
    | Queued
    | Pong
    | Controlled
    | Presented
    | ClassFollowed
    | ClassView
    | ClassRooms
    | ClassInfo,
    Field(discriminator="type"),
]
SERVER_MESSAGES: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)


def schema() -> dict[str, Any]:
    """Return the JSON Schema of both directions of the protocol."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Brinkmanship websocket protocol",
        "description": f"protocol_version {PROTOCOL_VERSION}; see docs/protocol.md",
        "client_to_server": CLIENT_MESSAGES.json_schema(),
        "server_to_client": SERVER_MESSAGES.json_schema(),
    }
