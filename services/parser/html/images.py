"""Where an ``<img>``'s picture is: lazy-loading templates put a placeholder in ``src``."""

from __future__ import annotations

from urllib.parse import urljoin

from newsflow.services.parser.html.dom import Element

#: Attributes lazy-loading scripts read the real picture from.
LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src")


def image_url(img: Element, page_url: str) -> str | None:
    """The picture of an ``<img>``: its lazy attribute (``data-src``...) when ``src`` is a
    placeholder (a ``data:`` URL, as ``data:image/gif;base64,...``) or missing, else
    ``src``; resolved against the page. None when there is no picture."""
    src = (img.get("src") or "").strip()
    lazy = next((v.strip() for v in (img.get(a) for a in LAZY_ATTRIBUTES) if v and v.strip()), "")
    chosen = str(lazy if lazy and (not src or src.startswith("data:")) else src)
    if not chosen or chosen.startswith("data:"):
        return None
    return urljoin(page_url, chosen)
