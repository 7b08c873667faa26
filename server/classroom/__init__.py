"""The classroom: instructor accounts, class sessions and their controls — a layer over rooms
(docs/classroom.md).

A class owns rooms; its students are assigned to the rooms' seats (`assign`, pure), join by the
class code (`joining`), follow the class over the websocket (`follow`), and the instructor
watches every room on a dashboard pushed over the websocket (`dashboard`). The class itself lives
in Redis (`server/storage/classes.py`), readable by every server process.
"""
