"""The web pages of the search API (``GET /``, ``/article/{id}``, ``/pipeline``): plain
server-rendered HTML (``render``), their routes (``pages``), a stylesheet and one small
script (``static/``, package data). No build step, nothing loaded from elsewhere."""
