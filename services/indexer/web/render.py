"""The web pages as HTML strings: pure functions, data in, markup out.

Everything shown comes from the web (titles, bodies, captions, URLs, group names), so every
value goes through ``esc`` (text and quoted attributes alike); the only markup taken as is
is a hit's ``snippet_html``, which the index escapes itself (``highlighted_html``). A link
is a link only when its URL is http(s); anything else (``javascript:``, ``data:``, seed
files) is shown as text. The pages load no script but ``/static/pipeline.js`` and the
responses forbid every other one (``CONTENT_SECURITY_POLICY``), so an escaping mistake
would still run nothing.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote, urlencode, urlsplit

from newsflow.events import Article
from newsflow.observability.pipeline import DeadLetterReason, PipelineMonitor, Series, ServiceState
from newsflow.services.indexer.backends.base import SearchHit, SearchParameter

#: Sent with every page: scripts, styles and requests from this server only; no plugins,
#: frames, base rewriting or form posts elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def esc(value: object) -> str:
    """``value`` as HTML text, safe in element content and in a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` when it may be a link (http or https, with a host), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def link_or_text(url: str | None) -> str:
    href = safe_href(url)
    if href is None:
        return f'<span class="url">{esc(url)}</span>'
    return f'<a class="url" href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(url)}</a>'


def article_href(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f'<time datetime="{esc(moment.isoformat())}">{esc(moment.strftime("%Y-%m-%d %H:%M %Z"))}</time>'


def layout(title: str, body: str, *, scripts: Sequence[str] = ()) -> str:
    """A whole page: ``title`` is text, ``body`` markup."""
    tags = "".join(f'<script src="{esc(src)}" defer></script>' for src in scripts)
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · newsflow</title>"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        '<link rel="stylesheet" href="/static/style.css">'
        f"{tags}</head><body>"
        '<header><nav><a class="brand" href="/">newsflow</a>'
        '<a href="/">Search</a><a href="/pipeline">Pipeline</a>'
        '<a href="/openapi.json">API</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    )


# --- search -----------------------------------------------------------------------------------


def _label(parameter: SearchParameter) -> str:
    return parameter.field.replace("_", " ").capitalize()


def form_field(parameter: SearchParameter, value: str | None) -> str:
    """One input of the search form, chosen by the parameter's JSON Schema."""
    schema = parameter.schema
    name, hint = esc(parameter.http), esc(parameter.description)
    ident = f"f-{esc(parameter.http)}"
    label = f'<label for="{ident}">{esc(_label(parameter))}</label>'
    current = value if value is not None else (
        "" if parameter.default is None else str(parameter.default))
    if "enum" in schema:
        options = "".join(
            f'<option value="{esc(option)}"{" selected" if str(option) == current else ""}>'
            f"{esc(option)}</option>" for option in schema["enum"])
        return f'{label}<select id="{ident}" name="{name}" title="{hint}">{options}</select>'
    attributes = [f'id="{ident}"', f'name="{name}"', f'value="{esc(current)}"', f'title="{hint}"']
    if schema.get("type") == "integer":
        kind = "number"
        attributes += [f'{bound}="{esc(schema[key])}"'
                       for bound, key in (("min", "minimum"), ("max", "maximum")) if key in schema]
    elif schema.get("format") == "date-time":
        # a date picker while the value is a date; a time of day too is kept as typed
        kind = "date" if len(current) in (0, 10) else "text"
        attributes.append('placeholder="2026-03-01"')
    elif parameter.required:
        kind = "search"
        attributes += ["required", "autofocus", 'placeholder="Search the news"']
        if "maxLength" in schema:
            attributes.append(f'maxlength="{esc(schema["maxLength"])}"')
    else:
        kind = "text"
    return f'{label}<input type="{kind}" {" ".join(attributes)}>'


def search_form(parameters: Iterable[SearchParameter], values: Mapping[str, str]) -> str:
    """The search box and, below it, an input for every other search parameter."""
    main: list[str] = []
    filters: list[str] = []
    for p in parameters:
        field = f'<span class="field field-{esc(p.http)}">{form_field(p, values.get(p.http))}</span>'
        (main if p.required else filters).append(field)
    return ('<form class="search" method="get" action="/" role="search">'
            f'<div class="box">{"".join(main)}<button type="submit">Search</button></div>'
            f'<fieldset class="filters"><legend>Filters</legend>{"".join(filters)}</fieldset>'
            "</form>")


def hit_item(hit: SearchHit) -> str:
    meta = [esc(hit.language)]
    if hit.site:
        meta.append(esc(hit.site))
    if hit.published_at:
        meta.append(when(hit.published_at))
    if hit.duplicates:
        meta.append(f"{hit.duplicates} more with the same text")
    return (f'<li class="hit" lang="{esc(hit.language)}">'
            f'<a class="title" href="{esc(article_href(hit.id))}">{esc(hit.title)}</a>'
            f'<div class="meta">{" · ".join(meta)}</div>'
            f'<p class="snippet">{hit.snippet_html}</p></li>')  # escaped by the index, <mark>s


def page_link(values: Mapping[str, str], offset: int, text: str, rel: str) -> str:
    query = urlencode({**values, "offset": str(offset)})
    return f'<a rel="{rel}" href="/?{esc(query)}">{esc(text)}</a>'


def search_page(parameters: Sequence[SearchParameter], values: Mapping[str, str],
                hits: Sequence[SearchHit] | None, *, limit: int, offset: int,
                error: str | None = None) -> str:
    """The search page: the form, then the hits (None: nothing asked yet) or the error."""
    parts = [search_form(parameters, values)]
    if error is not None:
        parts.append(f'<p class="error" role="alert">{esc(error)}</p>')
    elif hits is not None:
        if not hits:
            parts.append('<p class="empty">No article matches.</p>' if offset == 0
                         else '<p class="empty">No more articles.</p>')
        else:
            parts.append(f'<p class="count">Results {offset + 1}–{offset + len(hits)}</p>'
                         f'<ol class="hits" start="{offset + 1}">'
                         + "".join(hit_item(h) for h in hits) + "</ol>")
        pages = []
        if offset > 0:
            pages.append(page_link(values, max(0, offset - limit), "← previous", "prev"))
        if hits and len(hits) == limit:
            pages.append(page_link(values, offset + limit, "next →", "next"))
        if pages:
            parts.append(f'<nav class="pages">{" ".join(pages)}</nav>')
    title = values.get("q") or "Search"
    return layout(title, "".join(parts))


# --- the article ------------------------------------------------------------------------------


def article_page(article: Article, translations: Sequence[Article]) -> str:
    """One article in full, and the other articles of its story (its translations)."""
    lang = esc(article.language)
    facts: list[tuple[str, str]] = []
    if article.author:
        facts.append(("Author", esc(article.author)))
    for label, moment in (("Published", article.published_at), ("Updated", article.updated_at),
                          ("Fetched", article.fetched_at)):
        if moment is not None:
            facts.append((label, when(moment)))
    if article.site:
        facts.append(("Site", esc(article.site)))
    if article.source_url:
        facts.append(("Source", link_or_text(article.source_url)))
    facts.append(("Address", link_or_text(article.url)))
    facts.append(("Language", lang))
    if article.section:
        facts.append(("Section", esc(article.section)))
    if article.tags:
        facts.append(("Tags", esc(", ".join(article.tags))))
    if article.story_id:
        facts.append(("Story", f"<code>{esc(article.story_id)}</code>"))
    facts.append(("As JSON", f'<a href="/articles/{esc(quote(article.id, safe=""))}">'
                             f"/articles/{esc(article.id)}</a>"))
    parts = [f'<article lang="{lang}"><h1>{esc(article.title)}</h1>',
             '<dl class="facts">' + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
             + "</dl>"]
    if article.lead:
        parts.append(f'<p class="lead">{esc(article.lead)}</p>')
    parts.append('<div class="body">' + "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs) + "</div>")
    captions = list(article.captions) + [i.caption for i in article.images
                                         if i.caption and i.caption not in article.captions]
    if captions:
        parts.append('<section class="captions"><h2>Captions</h2><ul>'
                     + "".join(f"<li>{esc(c)}</li>" for c in captions) + "</ul></section>")
    parts.append("</article>")
    parts.append('<section class="translations"><h2>In other languages</h2>')
    if translations:
        parts.append("<ul>" + "".join(
            f'<li lang="{esc(t.language)}"><span class="language">{esc(t.language)}</span> '
            f'<a href="{esc(article_href(t.id))}">{esc(t.title)}</a></li>' for t in translations)
            + "</ul>")
    else:
        parts.append('<p class="empty">No other article of this story is indexed.</p>')
    parts.append("</section>")
    return layout(article.title, "".join(parts))


def not_found_page(article_id: str) -> str:
    return layout("Not found", f'<p class="error">No article {esc(article_id)} in the index.</p>'
                               '<p><a href="/">Search</a></p>')


# --- the pipeline -----------------------------------------------------------------------------

PALETTE = 6  # series colours, s0..s5 in style.css


def _nice_ceiling(value: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``value`` (and at least 1)."""
    if value <= 1:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(float(step * power) for step in (1, 2, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def line_chart(series: Sequence[Series], *, title: str, unit: str, window: float,
               now: float, width: int = 480, height: int = 180) -> str:
    """An inline SVG chart of ``series`` over the last ``window`` seconds before ``now``."""
    left, right, top, bottom = 56, 12, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    start = now - window
    peak = max((v for s in series for t, v in s.points if t >= start), default=0.0)
    ceiling = _nice_ceiling(peak)

    def x(t: float) -> float:
        return left + plot_w * min(1.0, max(0.0, (t - start) / window))

    def y(v: float) -> float:
        return top + plot_h * (1 - v / ceiling)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for fraction in (0.0, 0.5, 1.0):
        value, level = ceiling * fraction, y(ceiling * fraction)
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{level:.1f}" y2="{level:.1f}"/>'
                   f'<text class="axis" x="{left - 6}" y="{level + 4:.1f}" text-anchor="end">'
                   f"{esc(_number(value))}</text>")
    span = f"{window / 60:.0f} min" if window >= 120 else f"{window:.0f} s"
    out.append(f'<text class="axis" x="{left}" y="{height - 6}">−{esc(span)}</text>'
               f'<text class="axis" x="{width - right}" y="{height - 6}" text-anchor="end">now</text>'
               f'<text class="axis unit" x="{left + plot_w / 2:.0f}" y="{height - 6}" '
               f'text-anchor="middle">{esc(unit)}</text>')
    for i, line in enumerate(series):
        points = [(t, v) for t, v in line.points if t >= start]
        if not points:
            continue
        css = f"s{i % PALETTE}"
        coords = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
        last_t, last_v = points[-1]
        out.append(f'<polyline class="line {css}" points="{coords}">'
                   f"<title>{esc(line.name)}</title></polyline>"
                   f'<circle class="dot {css}" cx="{x(last_t):.1f}" cy="{y(last_v):.1f}" r="3">'
                   f"<title>{esc(line.name)}: {esc(_number(last_v))} {esc(unit)}</title></circle>")
    out.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch s{i % PALETTE}"></span>{esc(line.name)} '
        f'<b>{esc(_number(line.points[-1][1]) if line.points else "-")}</b></li>'
        for i, line in enumerate(series))
    if not series:
        legend = '<li class="empty">no samples yet</li>'
    return (f'<figure class="chart-box"><figcaption>{esc(title)}</figcaption>{"".join(out)}'
            f'<ul class="legend">{legend}</ul></figure>')


def services_table(states: Sequence[ServiceState]) -> str:
    rows = []
    for s in states:
        state = "ready" if s.ready else ("up, not ready" if s.up else "down")
        css = "ready" if s.ready else ("unready" if s.up else "down")
        rows.append(f'<tr class="service {css}" data-service="{esc(s.service)}"><th>{esc(s.service)}</th>'
                    f'<td class="state">{esc(state)}</td><td><code>{esc(s.address)}</code></td>'
                    f"<td>{esc(s.detail)}</td></tr>")
    return ('<table class="services"><thead><tr><th>service</th><th>state</th><th>/health, /ready on</th>'
            "<th>detail</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def groups_table(groups: Sequence[Mapping[str, object]]) -> str:
    if not groups:
        return '<p class="empty">No consumer group yet.</p>'
    rows = []
    for group in groups:
        partitions = group.get("partitions")
        for p in partitions if isinstance(partitions, list) else []:
            committed = "-" if p.get("committed") is None else p["committed"]
            lag = "-" if p.get("lag") is None else p["lag"]
            rows.append(f'<tr data-group="{esc(group.get("group"))}"><th>{esc(group.get("group"))}</th>'
                        f'<td>{esc(p.get("topic"))}</td><td class="n">{esc(p.get("partition"))}</td>'
                        f'<td class="n">{esc(committed)}</td><td class="n">{esc(p.get("end_offset"))}</td>'
                        f'<td class="n lag">{esc(lag)}</td></tr>')
    return ('<table class="groups"><thead><tr><th>group</th><th>topic</th><th>partition</th>'
            '<th>committed</th><th>end</th><th>lag</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>")


def dead_letters_table(topic: str, reasons: Sequence[DeadLetterReason]) -> str:
    if not reasons:
        return f'<p class="empty">No dead letters on <code>{esc(topic)}</code>.</p>'
    rows = "".join(
        f'<tr data-error-class="{esc(r.error_class)}"><th>{esc(r.error_class)}</th>'
        f'<td class="n count">{r.count}</td><td>{esc(", ".join(sorted(r.stages)))}</td>'
        f"<td><code>newsflow dlq show {r.last_offset}</code></td><td>{esc(r.last_reason)}</td></tr>"
        for r in reasons)
    total = sum(r.count for r in reasons)
    return (f"<p>{total} on <code>{esc(topic)}</code>. The latest of each reason in full, with the "
            "original message: <code>newsflow dlq show OFFSET</code>; all of one reason: "
            "<code>newsflow dlq list --error-class CLASS</code>.</p>"
            '<table class="dead-letters"><thead><tr><th>reason</th><th>count</th><th>stages</th>'
            "<th>latest</th><th>its reason</th></tr></thead><tbody>" + rows + "</tbody></table>")


def pipeline_live(monitor: PipelineMonitor, states: Sequence[ServiceState], now: float) -> str:
    """The part of the pipeline page the script refreshes: ``<div id="live">``."""
    # From the first sample kept (at least a minute), so that a fresh start is not a dot at
    # the right edge; at most what the ring holds.
    samples = monitor.history.samples
    longest = (samples.maxlen or 1) * monitor.interval
    first = samples[0].taken_at if samples else now
    window_seconds = min(longest, max(60.0, now - first))
    snapshot = monitor.as_json(list(states))
    groups = snapshot["groups"]
    parts = [f'<div id="live" data-refresh-seconds="{esc(f"{monitor.interval:g}")}">']
    if monitor.kafka_error:
        parts.append(f'<p class="error" role="alert">{esc(monitor.kafka_error)}</p>')
    stamp = datetime.fromtimestamp(now, UTC).strftime("%H:%M:%S UTC")
    parts.append(f'<p class="updated">Updated {esc(stamp)}; sampled every '
                 f"{esc(f'{monitor.interval:g}')} s in this process.</p>")
    parts.append("<h2>Services</h2>" + services_table(states))
    parts.append('<h2>Throughput and lag</h2><div class="charts">'
                 + line_chart(monitor.history.throughput(), title="Messages per second, by topic",
                              unit="messages/s", window=window_seconds, now=now)
                 + line_chart(monitor.history.lag(), title="Consumer lag, by group",
                              unit="messages", window=window_seconds, now=now)
                 + "</div>")
    parts.append("<h2>Lag per partition</h2>" + groups_table(groups if isinstance(groups, list) else []))
    parts.append("<h2>Dead letters by reason</h2>"
                 + dead_letters_table(monitor.dead_letters.topic, monitor.dead_letters.by_count()))
    parts.append("</div>")
    return "".join(parts)


def pipeline_page(monitor: PipelineMonitor, states: Sequence[ServiceState], now: float) -> str:
    body = ('<h1>Pipeline</h1><p class="note">Also as JSON: <a href="/pipeline.json">/pipeline.json</a>.</p>'
            + pipeline_live(monitor, states, now))
    return layout("Pipeline", body, scripts=["/static/pipeline.js"])
