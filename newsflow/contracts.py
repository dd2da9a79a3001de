"""The topic contracts downstream teams read, generated from the code (pure).

From the topic catalogue (``topics.py``), the event models (``events.py``) and the headers
(``headers.py``) this module builds: a JSON Schema per event (``schemas/*.schema.json``),
an AsyncAPI 3 document (``schemas/asyncapi.json``) and ``docs/topics.md``. ``newsflow
schemas`` writes them; the tests fail when the committed files are stale, and
``breaking_changes`` says how a model change would break the committed schemas.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from newsflow import headers
from newsflow.events import (
    Article,
    DeadLetter,
    Event,
    FetchRecord,
    RawDocument,
    dead_letter_for,
)
from newsflow.topics import CATALOGUE, TopicName, TopicSpec

SCHEMA_DIR = "schemas"
TOPICS_DOC = "docs/topics.md"
ASYNCAPI_FILE = "schemas/asyncapi.json"
SCHEMA_ID_BASE = "https://newsflow.example/schemas/"

MODELS: dict[TopicName, type[Event]] = {
    TopicName.RAW_DOCUMENTS: RawDocument,
    TopicName.ARTICLES: Article,
    TopicName.DEAD_LETTERS: DeadLetter,
    TopicName.FETCH_STATE: FetchRecord,
}
PRODUCERS: dict[TopicName, list[str]] = {
    TopicName.RAW_DOCUMENTS: ["fetcher"],
    TopicName.ARTICLES: ["parser"],
    TopicName.DEAD_LETTERS: ["fetcher", "parser", "indexer"],
    TopicName.FETCH_STATE: ["fetcher"],
}
CONSUMERS: dict[TopicName, list[str]] = {
    TopicName.RAW_DOCUMENTS: ["parser"],
    TopicName.ARTICLES: ["indexer", "downstream teams"],
    TopicName.DEAD_LETTERS: ["operators (newsflow tail, DLQ tools)"],
    TopicName.FETCH_STATE: ["fetcher (read back at start-up)"],
}
EXAMPLE_TIME = datetime(2026, 1, 15, 8, 30, tzinfo=UTC)


def schema_file(logical: TopicName) -> str:
    spec = CATALOGUE[logical]
    return f"{SCHEMA_DIR}/{MODELS[logical].__name__.lower()}.v{spec.version}.schema.json"


def json_schema(logical: TopicName) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a topic's values, as consumers validate them."""
    model = MODELS[logical]
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID_BASE + schema_file(logical).removeprefix(f"{SCHEMA_DIR}/"),
        **schema,
    }


def example_event(logical: TopicName) -> Event:
    """A realistic, deterministic value of each topic."""
    raw = RawDocument.from_seed(
        "example.txt",
        "title: Hai Phong opens a new port\nsource: https://example.vn/port\n\n"
        "The city opened a container port on Monday.",
        fetched_at=EXAMPLE_TIME,
    )
    if logical is TopicName.RAW_DOCUMENTS:
        return raw
    if logical is TopicName.ARTICLES:
        return Article(
            id="3f1c0a5e9b7d4c2a8e6f1b0d9c8a7e6f", document_id=raw.document_id,
            url=raw.url, source_url="https://example.vn/port", site="example.vn",
            language="en", title="Hai Phong opens a new port",
            body="The city opened a container port on Monday.", fetched_at=EXAMPLE_TIME,
            author="Minh Anh, Thu Hà", authors=["Minh Anh", "Thu Hà"],
            published_at=EXAMPLE_TIME, content_hash="9" * 64, word_count=8,
        )
    if logical is TopicName.FETCH_STATE:
        return FetchRecord(
            url="https://nhandan.vn/example-post1.html", etag='"5f2a-1"',
            last_modified="Wed, 14 Jan 2026 10:00:00 GMT", content_hash="9" * 64,
            first_seen=EXAMPLE_TIME, last_fetched=EXAMPLE_TIME, last_status=200,
        )
    letter = dead_letter_for(
        stage="parser", error_class="invalid_json", reason="not valid JSON: Expecting value",
        original=b"{not json", source_topic="newsflow.documents.raw.v1", partition=2,
        offset=41, key=b"0b6f9c", document_id=None,
    )
    return letter.model_copy(update={"failed_at": EXAMPLE_TIME})


def example_headers(logical: TopicName) -> dict[str, str]:
    event = example_event(logical)
    correlation = getattr(event, "document_id", None) or "0b6f9c"
    return headers.decode_headers(headers.headers_of(event, PRODUCERS[logical][0], correlation))


def example_key(logical: TopicName) -> str:
    event = example_event(logical)
    if isinstance(event, RawDocument):
        return event.document_id
    if isinstance(event, Article):
        return event.id
    if isinstance(event, FetchRecord):
        return event.url
    return str(getattr(event, "key", "") or "")


def _topic_configuration(spec: TopicSpec) -> dict[str, Any]:
    config: dict[str, Any] = {"cleanup.policy": spec.config.get("cleanup.policy", "delete").split(",")}
    if "retention.ms" in spec.config:
        config["retention.ms"] = int(spec.config["retention.ms"])
    if "max.message.bytes" in spec.config:
        config["max.message.bytes"] = int(spec.config["max.message.bytes"])
    return config


def _camel(logical: TopicName) -> str:
    words = logical.value.replace(".", " ").split()
    return words[0] + "".join(w.title() for w in words[1:])


def asyncapi_document(prefix: str = "newsflow") -> dict[str, Any]:
    """An AsyncAPI 3.0 document: one channel per topic, its message, headers and bindings."""
    header_schema = {
        "type": "object",
        "properties": {name: {"type": "string", "description": text}
                       for name, text in headers.HEADER_DESCRIPTIONS.items()},
        "required": [headers.EVENT_TYPE, headers.SCHEMA_VERSION, headers.CONTENT_TYPE,
                     headers.PRODUCER],
    }
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for logical, spec in CATALOGUE.items():
        model = MODELS[logical]
        payload = model.model_json_schema(mode="serialization",
                                          ref_template="#/components/schemas/{model}")
        schemas.update(payload.pop("$defs", {}))
        name = model.__name__
        schemas[name] = payload
        channel = _camel(logical)
        messages[name] = {
            "name": name,
            "title": name,
            "summary": (model.__doc__ or name).strip().splitlines()[0],
            "contentType": headers.JSON_CONTENT_TYPE,
            "headers": header_schema,
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "bindings": {"kafka": {"key": {"type": "string", "description": spec.key},
                                   "bindingVersion": "0.5.0"}},
            "examples": [{"name": f"{name}-example", "headers": example_headers(logical),
                          "payload": example_event(logical).model_dump(mode="json")}],
        }
        channels[channel] = {
            "address": spec.name(prefix),
            "title": logical.value,
            "description": spec.purpose,
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {"kafka": {"topic": spec.name(prefix), "partitions": spec.partitions,
                                   "topicConfiguration": _topic_configuration(spec),
                                   "bindingVersion": "0.5.0"}},
        }
        reference = {"$ref": f"#/channels/{channel}/messages/{name}"}
        operations[f"produce{channel[0].upper()}{channel[1:]}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{channel}"},
            "summary": f"Produced by {', '.join(PRODUCERS[logical])}.", "messages": [reference],
        }
        operations[f"consume{channel[0].upper()}{channel[1:]}"] = {
            "action": "receive", "channel": {"$ref": f"#/channels/{channel}"},
            "summary": f"Consumed by {', '.join(CONSUMERS[logical])}.", "messages": [reference],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "newsflow topics",
            "version": "1.0.0",
            "description": "The Kafka topics of the newsflow pipeline (generated by "
                           "`newsflow schemas` from newsflow/events.py and newsflow/topics.py). "
                           "Topic names carry the prefix (default `newsflow`) and the major "
                           "version; see docs/versioning.md.",
        },
        "defaultContentType": headers.JSON_CONTENT_TYPE,
        "servers": {"local": {"host": "localhost:9092", "protocol": "kafka",
                              "description": "KAFKA_BOOTSTRAP_SERVERS of your deployment."}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "object " + str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " | ".join(_type_of(p) for p in prop["anyOf"])
    kind = str(prop.get("type", "any"))
    if "enum" in prop:
        return " | ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    if kind == "array":
        return f"array of {_type_of(prop.get('items', {}))}"
    if "format" in prop:
        return f"{kind} ({prop['format']})"
    return kind


def topics_markdown(prefix: str = "newsflow") -> str:
    """docs/topics.md: every topic, its key, partitions, retention, schema, headers, example."""
    out = [
        "# Topics",
        "",
        "<!-- Generated by `newsflow schemas` from newsflow/topics.py, newsflow/events.py and "
        "newsflow/headers.py. Do not edit by hand. -->",
        "",
        f"Physical names are `<prefix>.<name>.v<major>`; the default prefix is `{prefix}` "
        "(`NEWSFLOW_TOPIC_PREFIX`). Values are UTF-8 JSON objects; the JSON Schema of each is "
        "under `schemas/`, the AsyncAPI 3 document is `schemas/asyncapi.json`, and the "
        "compatibility rules are in `docs/versioning.md`.",
        "",
        "## Headers (every message)",
        "",
        "| header | meaning |",
        "| --- | --- |",
        *[f"| `{name}` | {text} |" for name, text in headers.HEADER_DESCRIPTIONS.items()],
        "",
    ]
    for logical, spec in CATALOGUE.items():
        model = MODELS[logical]
        schema = model.model_json_schema(mode="serialization")
        required = set(schema.get("required", []))
        retention = spec.config.get("retention.ms")
        policy = spec.config.get("cleanup.policy", "delete")
        keep = (f"compacted (`cleanup.policy={policy}`): the latest value per key is kept"
                if spec.compacted else
                f"`cleanup.policy={policy}`, retention {int(retention) // 86_400_000} days"
                if retention else f"`cleanup.policy={policy}`")
        out += [
            f"## `{spec.name(prefix)}`",
            "",
            spec.purpose,
            "",
            "| | |",
            "| --- | --- |",
            f"| value | `{model.__name__}` ([schema]({'../' + schema_file(logical)})) |",
            f"| key | {spec.key} (UTF-8) |",
            f"| partitions | {spec.partitions} |",
            f"| retention | {keep} |",
            f"| producers | {', '.join(PRODUCERS[logical])} |",
            f"| consumers | {', '.join(CONSUMERS[logical])} |",
            "",
            "| field | type | required | description |",
            "| --- | --- | --- | --- |",
        ]
        for field, prop in schema.get("properties", {}).items():
            description = str(prop.get("description", "")).replace("|", "\\|")
            kind = _type_of(prop).replace(" | ", " or ")
            out.append(f"| `{field}` | {kind} | {'yes' if field in required else 'no'} "
                       f"| {description} |")
        example = {
            "key": example_key(logical),
            "headers": example_headers(logical),
            "value": example_event(logical).model_dump(mode="json"),
        }
        out += ["", "Example message:", "", "```json",
                json.dumps(example, indent=2, ensure_ascii=False), "```", ""]
    return "\n".join(out)


def generated_files() -> dict[str, str]:
    """{path relative to the repository: content} of every generated contract file."""
    files = {schema_file(t): json.dumps(json_schema(t), indent=2, ensure_ascii=False) + "\n"
             for t in CATALOGUE}
    files[ASYNCAPI_FILE] = json.dumps(asyncapi_document(), indent=2, ensure_ascii=False) + "\n"
    files[TOPICS_DOC] = topics_markdown() + "\n"
    return files


# --- compatibility --------------------------------------------------------------------


def _signature(prop: dict[str, Any]) -> set[str]:
    """The set of JSON types (and referenced definitions) a property allows."""
    if "anyOf" in prop:
        return set().union(*(_signature(p) for p in prop["anyOf"]))
    if "$ref" in prop:
        return {"ref:" + prop["$ref"].rsplit("/", 1)[-1]}
    if "enum" in prop or "const" in prop:
        return {f"{prop.get('type', 'any')}:enum"}
    kind = str(prop.get("type", "any"))
    if kind == "array":
        return {"array:" + ",".join(sorted(_signature(prop.get("items", {}))))}
    return {kind + (":" + prop["format"] if "format" in prop else "")}


def _enum_values(prop: dict[str, Any]) -> set[str]:
    values: set[str] = set()
    for p in prop.get("anyOf", [prop]):
        values |= {json.dumps(v) for v in p.get("enum", [])}
        if "const" in p:
            values.add(json.dumps(p["const"]))
    return values


def _object_changes(where: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for name, prop in old_props.items():
        if name not in new_props:
            problems.append(f"{where}.{name}: field removed")
            continue
        before, after = _signature(prop), _signature(new_props[name])
        if before != after:
            problems.append(f"{where}.{name}: type changed from {sorted(before)} to {sorted(after)}")
        removed = _enum_values(prop) - _enum_values(new_props[name])
        if _enum_values(prop) and removed:
            problems.append(f"{where}.{name}: allowed values removed: {sorted(removed)}")
    for name in sorted(new_required - old_required):
        problems.append(f"{where}.{name}: new required field (old messages lack it)")
    return problems


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What in ``new`` breaks readers and old messages of ``old`` (empty: compatible).

    Compatible within a major version: new optional fields, new definitions, new enum
    values. Breaking: a removed field, a changed type, a new required field, a removed
    enum value, a removed definition.
    """
    title = str(old.get("title", "value"))
    problems = _object_changes(title, old, new)
    old_defs, new_defs = old.get("$defs", {}), new.get("$defs", {})
    for name, definition in old_defs.items():
        if name not in new_defs:
            problems.append(f"{name}: definition removed")
        else:
            problems += _object_changes(name, definition, new_defs[name])
    return problems
