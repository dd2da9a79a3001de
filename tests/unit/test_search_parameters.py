"""The search parameters are defined once (SearchQuery); the CLI options of `newsflow
search`, the query parameters of GET /search and the OpenAPI document come from it. Each
test walks the model's fields, so a field added to SearchQuery fails here unless all three
offer it; bad values are a 400 with the parameter's name, over real HTTP on a real index."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click
import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st
from multidict import MultiDict

from newsflow.ops.cli import main
from newsflow.ops.commands.search import query_from_cli
from newsflow.services.indexer.api import (
    BadSearchRequest,
    make_app,
    openapi_document,
    parse_search,
)
from newsflow.services.indexer.backends.base import SearchQuery, search_parameters
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from tests.contract.corpus import CORPUS

FIELDS = list(SearchQuery.model_fields)
COMMAND = main.commands["search"]


def sample(field: str) -> tuple[str, Any]:
    """A value for ``field`` as a person types it, other than its default, and what the
    model makes of it; derived from the field's type, so a new field gets one too."""
    info = SearchQuery.model_fields[field]
    schema = SearchQuery.model_json_schema()["properties"][field]
    options = schema.get("anyOf", [schema])
    value = next(o for o in options if o != {"type": "null"})
    if "enum" in value:
        typed = next(choice for choice in value["enum"] if choice != info.default)
    elif value.get("type") in ("integer", "number"):
        typed = value.get("maximum", 7)
    elif value.get("type") == "boolean":
        typed = str(not info.default).lower()
    elif value.get("format") == "date-time":
        typed = "2026-03-01T08:00:00+07:00"
    elif value.get("type") == "string":
        typed = f"sample-{field}"
    else:
        raise AssertionError(f"no sample for {field}: teach this test its type {value}")
    parsed = getattr(SearchQuery.model_validate({**required(), field: typed}), field)
    assert parsed != info.default
    return str(typed), parsed


def required() -> dict[str, str]:
    return {name: "x" for name, info in SearchQuery.model_fields.items() if info.is_required()}


def cli_query(args: list[str]) -> SearchQuery:
    context = COMMAND.make_context("search", args)
    values = {k: v for k, v in context.params.items() if k != "as_json"}
    return query_from_cli(values)


def cli_args(field: str, value: str) -> list[str]:
    """``newsflow search`` arguments that set ``field`` (and the required ones)."""
    args = []
    for parameter in search_parameters():
        if parameter.required:
            args.append(value if parameter.field == field else "x")
    option = next(p for p in search_parameters() if p.field == field)
    return args if option.required else [*args, option.cli, value]


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_a_cli_parameter_that_sets_it(field: str) -> None:
    text, parsed = sample(field)
    assert getattr(cli_query(cli_args(field, text)), field) == parsed


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_an_http_parameter_that_sets_it(field: str) -> None:
    text, parsed = sample(field)
    http = {p.field: p.http for p in search_parameters()}
    names = {http[name]: "x" for name in required()}
    assert getattr(parse_search(MultiDict({**names, http[field]: text})), field) == parsed


def test_the_cli_offers_each_field_once_with_its_description_as_help() -> None:
    by_name = {p.name: p for p in COMMAND.params}
    assert set(by_name) - {"as_json", "help"} == set(FIELDS)
    for name, info in SearchQuery.model_fields.items():
        parameter = by_name[name]
        if isinstance(parameter, click.Option):
            assert parameter.help == info.description and parameter.help
            assert parameter.default == info.default
        else:
            assert info.is_required() and parameter.required
    assert COMMAND.help and "QUERY" in COMMAND.help


def test_the_existing_flags_and_http_names_still_work() -> None:
    flags = {opt for p in COMMAND.params for opt in p.opts}
    assert {"--language", "--site", "--story", "--from", "--to", "--sort", "--limit",
            "--offset", "--json"} <= flags
    query = cli_query(["Hanoi", "--story", "s1", "--from", "2026-03-01", "--to",
                       "2026-03-31T12:00:00", "--sort", "date", "--limit", "5", "--offset", "2"])
    assert (query.story_id, query.sort, query.limit, query.offset) == ("s1", "date", 5, 2)
    assert query.published_from is not None and query.published_from.isoformat() == "2026-03-01T00:00:00+00:00"
    http = parse_search(MultiDict(q="Hanoi", story_id="s1", published_to="2026-03-31T12:00:00Z",
                                  language="de", site="x.de", sort="date", limit="5", offset="2"))
    assert http == query.model_copy(update={"language": "de", "site": "x.de",
                                            "published_from": None,
                                            "published_to": query.published_to})


def test_the_openapi_document_describes_every_field() -> None:
    [search] = [path["get"] for name, path in openapi_document()["paths"].items() if name == "/search"]
    documented = {p["name"]: p for p in search["parameters"]}
    http = {p.field: p.http for p in search_parameters()}
    assert set(documented) == {http[f] for f in FIELDS}
    for name, info in SearchQuery.model_fields.items():
        parameter = documented[http[name]]
        assert parameter["in"] == "query" and parameter["description"] == info.description
        assert parameter["required"] == info.is_required()
        assert parameter["schema"].get("type") in {"string", "integer", "number", "boolean"}
        assert "$ref" not in str(parameter["schema"]) and "null" not in str(parameter["schema"])
    limit = documented["limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 100, 10)
    assert documented["sort"]["schema"]["enum"] == ["relevance", "date"]
    assert documented["published_from"]["schema"]["format"] == "date-time"


@pytest.mark.parametrize(("args", "named"), [
    (["x", "--from", "yesterday"], "--from"),
    ([""], "QUERY"),
    (["x" * 1001], "QUERY"),
])
def test_a_bad_cli_value_is_an_error_naming_the_flag(args: list[str], named: str) -> None:
    with pytest.raises(click.ClickException, match=f"invalid query: {named}: "):
        cli_query(args)


BAD_REQUESTS = [
    ({"q": "x", "limit": "abc"}, "limit"),
    ({"q": "x", "limit": "0"}, "limit"),
    ({"q": "x", "limit": "1000"}, "limit"),
    ({"q": "x", "offset": "-1"}, "offset"),
    ({"q": "x", "offset": "99999"}, "offset"),
    ({"q": "x", "sort": "random"}, "sort"),
    ({"q": "x", "published_from": "yesterday"}, "published_from"),
    ({"q": "x", "published_to": "2026-13-45"}, "published_to"),
    ({"language": "de"}, "q"),
    ({"q": ""}, "q"),
    ({"q": "x" * 1001}, "q"),
    ({"q": "x", "colour": "red"}, "colour"),
    ({"q": "x", "text": "y"}, "text"),  # the field's Python name is not a parameter
    ([("q", "x"), ("q", "y")], "q"),
    ({"q": '""'}, "no words"),  # the index's own refusal
]


def test_bad_parameters_are_a_400_naming_the_parameter_over_http(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    index = SqliteIndex(path)
    index.upsert(CORPUS)
    index.close()

    async def check() -> None:
        async with TestClient(TestServer(make_app(lambda: SqliteIndex(path, read_only=True)))) as client:
            answer = await client.get("/search", params={"q": "Delegationen", "language": "de"})
            assert answer.status == 200
            assert [hit["id"] for hit in (await answer.json())["hits"]] == ["de1"]
            for params, named in BAD_REQUESTS:
                answer = await client.get("/search", params=MultiDict(params))
                body = await answer.json()
                assert answer.status == 400, (params, body)
                assert named in body["error"], (params, body)
            spec = await (await client.get("/openapi.json")).json()
            assert spec["paths"]["/search"]["get"]["parameters"] == \
                openapi_document()["paths"]["/search"]["get"]["parameters"]

    asyncio.run(check())


@given(st.dictionaries(st.sampled_from([p.http for p in search_parameters()] + ["other"]),
                       st.text(max_size=30)))
def test_any_query_string_is_a_query_or_a_reason(params: dict[str, str]) -> None:
    try:
        query = parse_search(MultiDict(params))
    except BadSearchRequest as exc:
        assert str(exc).split(":")[0]
    else:
        assert isinstance(query, SearchQuery)
