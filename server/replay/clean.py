"""A record from elsewhere made as safe to show as what this server takes live (docs/replay.md):
what people wrote in it — names, chat, broadcasts, a news text, the title, the notes — without
the control and bidirectional characters the live validators refuse (`plain()`, with the same
characters kept: none in a name, line breaks and tabs in what is said), and names, titles and
chat lines no longer than live input may be.

Nothing the engine decides by changes: a custom news text is the one engine input cleaned, and
it goes into its `news_injected` event as it came, so both are cleaned alike and the record
still verifies. The rules are left as they are (their hash is in the log's first event): the web
page shows this server's rules' words, and `brink replay` prints the record's through
`plain()`. Pure."""

from __future__ import annotations

from server.engine import events as ev
from server.engine.commands import InjectNews
from server.protocol import Entry
from server.protocol.base import CHAT_MOST, NAME_MOST, SAID_KEPT, TITLE_MOST, plain
from server.replay.record import Header, Record, write_record


def _name(text: str, most: int = NAME_MOST) -> str:
    return plain(text, kept="")[:most]


def _id(text: str) -> str:
    """An identifier (a seat, a side, a language, a code): cleaned, not cut — a seat names a
    role of the rules, up to 64 characters, and one cut no longer does (the record then fails
    its verification)."""
    return plain(text, kept="")


def _said(text: str, most: int | None = None) -> str:
    return plain(text, kept=SAID_KEPT)[:most]


def _note(note: str | dict[str, str]) -> str | dict[str, str]:
    """A note as said, in one language or by language (the languages' ids cleaned as ids)."""
    return _said(note) if isinstance(note, str) else {_id(k): _said(v) for k, v in note.items()}


def _names(found: dict[str, str], most: int = NAME_MOST) -> dict[str, str]:
    return {_id(key): _name(value, most) for key, value in found.items()}


def cleaned_header(header: Header) -> Header:
    """Return the header with its title, players' and bots' names, scenario and notes cleaned."""
    return header.model_copy(
        update={
            "scenario": _name(header.scenario),
            "title": _names(header.title, TITLE_MOST),
            "seats": _names(header.seats),
            "bots": _names(header.bots),
            "notes": {n: _note(note) for n, note in header.notes.items()},
        }
    )


def cleaned_entry(entry: Entry) -> Entry:
    """Return the entry with what people wrote in it cleaned (the same object if nothing was)."""
    update: dict[str, object] = {}
    if entry.chat is not None:
        chat = entry.chat
        said = {
            "seat": _id(chat.seat),
            "name": _name(chat.name),
            "text": _said(chat.text, CHAT_MOST),
        }
        update["chat"] = chat.model_copy(update=said)
    if entry.notice is not None:
        notice = entry.notice
        told: dict[str, object] = {
            k: _name(v) for k in ("by", "name", "previous") if (v := getattr(notice, k))
        }  # accounts
        if notice.reason:  # a code the server gives (`waiting_for_players`, `swap`…)
            told["reason"] = _name(notice.reason, TITLE_MOST)
        if notice.seat:
            told["seat"] = _id(notice.seat)
        if notice.back:
            told["back"] = [_id(seat) for seat in notice.back]
        if notice.text is not None:
            told["text"] = _said(notice.text)
        update["notice"] = notice.model_copy(update=told)
    command = entry.command
    if command is not None and isinstance(command.command, InjectNews) and command.command.text:
        news = command.command.model_copy(update={"text": _said(command.command.text)})
        update["command"] = command.model_copy(update={"command": news})
    if isinstance(entry.event, ev.NewsInjected) and entry.event.text:
        update["event"] = entry.event.model_copy(update={"text": _said(entry.event.text)})
    if entry.seat is not None:  # the seat that acted (a team's role)
        update["seat"] = _id(entry.seat)
    made = entry.model_copy(update=update)
    return entry if made == entry else made


def cleaned_text(record: Record, text: str) -> str:
    """Return the text of `record` (read from `text`) with what people wrote in it cleaned: its
    header written again, an entry's line kept as it came unless cleaning changed the entry."""
    lines = [line for line in text.removeprefix("\ufeff").splitlines()[1:] if line.strip()]
    entries = []
    for line, entry in zip(lines, record.entries, strict=True):  # as read_record reads them
        made = cleaned_entry(entry)
        entries.append(line if made is entry else made.model_dump_json())
    return write_record(cleaned_header(record.header), entries)
