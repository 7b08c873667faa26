"""Add students refuses a name longer than a student may join by, saying so (a real server and
Redis). `=HYPERLINK("http://evil.example","click")` was stored cut to 40 characters, without
its last `)`; joining with the whole name was then refused ("a name is 1 to 40 characters"),
and with the stored one nobody would think to."""

from __future__ import annotations

from classkit import add_instructor, signed_in
from classroom.test_class_sessions import make_class

LONG = '=HYPERLINK("http://evil.example","click")'


async def test_a_name_too_long_to_join_by_is_refused_when_added(
    server_url: str, redis_url: str
) -> None:
    assert len(LONG) > 40
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\n")
        code = info["code"]
        async with teacher.post(f"/api/classes/{code}/students", json={"names": [LONG]}) as r:
            assert r.status == 400, await r.text()
            refused = await r.json()
        assert refused["error"] == "bad_name"
        assert "40" in refused["message"] and str(len(LONG)) in refused["message"]
        async with teacher.get(f"/api/classes/{code}") as r:
            assert [s["name"] for s in (await r.json())["students"]] == ["Ada", "Bo"]
        # a class list with it is refused too, not made with the name cut
        body = {"scenario": "intro", "roster_text": f"Ada\n{LONG}\n"}
        async with teacher.post("/api/classes", json=body) as r:
            assert r.status == 400, await r.text()
            assert (await r.json())["error"] == "bad_setup"
