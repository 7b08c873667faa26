"""The page and its scripts are checked with the server before every use (`Cache-Control:
no-cache`, answered 304 while unchanged). They were served without it, so a browser kept its
copies for a while by its own guess: after an upgrade of the server a teacher's page mixed
fresh modules with stale ones, and the instructor's screen stopped with "The requested module
'./class-joinpage.js' does not provide an export named 'redrawJoinPage'"."""

from __future__ import annotations

import aiohttp


async def test_the_page_and_its_modules_are_revalidated_before_use(web_url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/static/app.js", "/static/class-dash.js", "/static/class.css"):
            async with http.get(web_url + path) as r:
                assert r.status == 200, path
                assert r.headers.get("Cache-Control") == "no-cache", path
                tag = r.headers.get("ETag")
                assert tag, path
            async with http.get(web_url + path, headers={"If-None-Match": tag}) as again:
                assert again.status == 304, path
