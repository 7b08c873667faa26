"""`brink play` said a chat line it could not send with pydantic's English reason, in Chinese
too ("沒有送出：the text needs a visible character"). Each known cause — too long, nothing
visible, control characters or direction overrides — is now said in the player's language, and
pydantic's own words never show: a cause not known is said in the player's words too."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR
from pydantic import ValidationError

from client.terminal.names import Names
from client.terminal.refusals import chat_refusal
from server.protocol.requests import Chat
from server.ruleset.loader import load_ruleset

RULES = load_ruleset(RULES_DIR / "intro.yaml")
SAID = {
    "en": {
        "x" * 501: "not sent: a chat line holds at most 500 characters (this one has 501)",
        "": "not sent: the line has nothing visible to say",
        "\u200b \u200b": "not sent: the line has nothing visible to say",
        "hi \u202eevil": "not sent: the line holds control characters or direction overrides",
        "bell \x07": "not sent: the line holds control characters or direction overrides",
    },
    "zh": {
        "x" * 501: "沒有送出：一行聊天最多 500 個字元（這一行有 501 個）",
        "": "沒有送出：這一行沒有看得見的字",
        "\u200b \u200b": "沒有送出：這一行沒有看得見的字",
        "hi \u202eevil": "沒有送出：這一行含有控制字元或改變文字方向的字元",
        "bell \x07": "沒有送出：這一行含有控制字元或改變文字方向的字元",
    },
}


def refused(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Chat(text=text)
    return caught.value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_known_cause_is_said_in_the_players_words(lang: str) -> None:
    names = Names(RULES, lang)  # type: ignore[arg-type]
    for text, said in SAID[lang].items():
        error = refused(text)
        assert chat_refusal(names, error) == said, text
        assert error.errors()[0]["msg"] not in said  # pydantic's own words


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cause_not_known_is_said_in_the_players_words(lang: str) -> None:
    names = Names(RULES, lang)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        Chat.model_validate({"text": 12})
    said = chat_refusal(names, caught.value)
    assert (
        said
        == {
            "en": "not sent: the server does not take this line",
            "zh": "沒有送出：伺服器不收這一行",
        }[lang]
    )
