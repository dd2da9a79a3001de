"""From a raw document to an Article: the parser's pure core.

``parse_document`` takes a RawDocument and returns an Article or raises ParseError with a
reason that goes on the dead-letter record. No Kafka here; the Faust agent in ``agent.py``
only wires it to topics.
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from functools import lru_cache

from pydantic import ValidationError

from newsflow.bylines import split_authors
from newsflow.events import Article, RawDocument, stable_id
from newsflow.language.detect import detect_language
from newsflow.language.normalize import clean_line, clean_paragraphs, content_hash, join_paragraphs
from newsflow.language.tokenize import word_count
from newsflow.seedformat import derive_title, parse_seed_text
from newsflow.services.parser.html import parts_from_html
from newsflow.services.parser.parts import ArticleParts, ParseError
from newsflow.urls import site_of

SEED_MEDIA_TYPES = {"text/plain", "text/x-newsflow-seed"}
HTML_MEDIA_TYPES = {"text/html", "application/xhtml+xml"}


def build_article(raw: RawDocument, parts: ArticleParts) -> Article:
    """Identity, language and hash for extracted parts; ParseError if no article is there."""
    if not parts.cleaned:
        parts = replace(
            parts, title=clean_line(parts.title), paragraphs=clean_paragraphs(parts.paragraphs),
            lead=clean_line(parts.lead) if parts.lead else None,
            captions=clean_paragraphs(parts.captions),
            author=clean_line(parts.author) if parts.author else None, cleaned=True,
        )
    paragraphs = [p for p in parts.paragraphs if p]
    lead = parts.lead or None
    if lead and paragraphs and paragraphs[0] == lead:
        paragraphs = paragraphs[1:]
    if not paragraphs and lead:
        paragraphs, lead = [lead], None
    if not paragraphs:
        raise ParseError("no_article_text", "no article text found in the document")
    body = join_paragraphs(paragraphs)
    title, title_source = clean_line(parts.title), parts.title_source
    if not title:
        # a page with an article but no headline anywhere: its first sentence, as for seeds
        title = derive_title(lead or paragraphs[0])
        title_source = "derived_from_lead" if lead else "derived_from_body"
    if not title:
        raise ParseError("no_title", "the document has text but no title could be found or derived")
    language = detect_language(
        "\n".join(filter(None, [title, lead, body])), declared=parts.declared_language
    )
    url = parts.canonical_url or (raw.http.final_url if raw.http else raw.url)
    # A translation is identified by its original and its language; an original by its URL.
    identity_url = parts.source_url or url
    try:
        return Article(
            id=stable_id("article", identity_url, language),
            document_id=raw.document_id,
            url=url,
            source_url=parts.source_url,
            site=site_of(parts.source_url) or site_of(url),
            language=language,
            title=title,
            title_source=title_source,  # type: ignore[arg-type]
            lead=lead,
            body=body,
            captions=[c for c in parts.captions if c],
            author=parts.author or None,
            authors=split_authors(parts.author),
            published_at=parts.published_at,
            updated_at=parts.updated_at,
            fetched_at=raw.fetched_at,
            content_hash=content_hash(lead, body),
            story_id=stable_id("story", identity_url),
            comment_count=parts.comment_count,
            word_count=word_count(body) + (word_count(lead) if lead else 0),
            tags=parts.tags,
            section=parts.section,
            images=parts.images,
        )
    except ValidationError as exc:
        raise ParseError("invalid_article", f"the extracted article is invalid: {exc}") from None


def parts_from_seed_text(text: str) -> ArticleParts:
    seed = parse_seed_text(text)
    paragraphs = seed.paragraphs[1:] if seed.lead else seed.paragraphs
    return ArticleParts(
        title=seed.title,
        title_source=seed.title_source,
        paragraphs=paragraphs,
        lead=seed.lead,
        captions=seed.captions,
        author=seed.author,
        source_url=seed.source_url,
        comment_count=seed.comment_count,
        cleaned=True,
    )


def decode_text(data: bytes, charset: str | None, text: str | None = None) -> str:
    """``data`` as text in ``charset``; ``text``: what that decoding gives, when the caller
    knows it (``content_of``)."""
    if b"\x00" in data[:8192]:
        raise ParseError("binary_content", "the document is binary, not text")
    if text is not None:
        return text
    try:
        return data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        raise ParseError(
            "undecodable_text", f"the text does not decode as {charset or 'utf-8'}: {exc}"
        ) from None


@lru_cache(maxsize=64)
def _is_utf8(charset: str | None) -> bool:
    try:
        return codecs.lookup(charset or "utf-8").name == "utf-8"
    except LookupError:
        return False


def content_of(raw: RawDocument) -> tuple[bytes, str | None]:
    """``raw.content_bytes()``, and beside them the content as text when decoding those
    bytes gives back the content as it is: text content in UTF-8 that encodes without a
    replacement (no lone surrogate), so it need not be decoded again (about 4 us of a seed
    document's 150). LookupError or ValueError as ``content_bytes``."""
    if raw.content_encoding == "text" and _is_utf8(raw.charset):
        try:
            return raw.content.encode("utf-8"), raw.content
        except UnicodeEncodeError:
            pass
    return raw.content_bytes(), None


def parse_document(raw: RawDocument, *, max_bytes: int = 5_000_000,
                   content: bytes | None = None, text: str | None = None) -> Article:
    """The Article in ``raw``, or ParseError saying why there is none. ``content``: the
    document's bytes when the caller has already decoded them (``raw.content_bytes()``);
    ``text``: what decoding them gives, when the caller knows it (``content_of``)."""
    data = raw.content_bytes() if content is None else content
    if not data.strip():
        raise ParseError("empty_document", "the document is empty")
    if len(data) > max_bytes:
        raise ParseError(
            "document_too_large", f"the document has {len(data)} bytes, the limit is {max_bytes}"
        )
    media_type = raw.media_type.split(";")[0].strip().lower()
    if media_type in SEED_MEDIA_TYPES:
        parts = parts_from_seed_text(decode_text(data, raw.charset, text))
    elif media_type in HTML_MEDIA_TYPES:
        parts = parts_from_html(data, url=raw.http.final_url if raw.http else raw.url,
                                charset=raw.charset, fetched_at=raw.fetched_at)
    else:
        raise ParseError("unsupported_media_type", f"no parser for media type {raw.media_type!r}")
    return build_article(raw, parts)
