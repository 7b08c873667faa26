"""The aiohttp edge: the application, HTTP routes, the websocket endpoint, serving."""
