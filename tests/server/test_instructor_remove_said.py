"""`brink instructor remove ms_li` printed nothing when it removed the account, while `add` says
"instructor ms_li can sign in": a silent success reads as nothing done. It says so, one line."""

from __future__ import annotations

from classkit import PASSWORD, brink


def test_removing_an_instructor_says_so_in_one_line(redis_url: str) -> None:
    added = brink(
        "instructor",
        "add",
        "ms_li",
        "--password-stdin",
        "--redis",
        redis_url,
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    removed = brink("instructor", "remove", "ms_li", "--redis", redis_url)
    assert removed.returncode == 0 and removed.stdout == ""
    assert removed.stderr == "instructor ms_li removed: their sign-ins have ended\n"
    assert brink("instructor", "list", "--redis", redis_url).stdout == ""
