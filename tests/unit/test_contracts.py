"""The generated topic contracts: fresh, valid, and guarded against breaking changes."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import tarfile
import warnings
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, Field, ValidationError

from newsflow.contracts import (
    ASYNCAPI_FILE,
    MODELS,
    asyncapi_document,
    breaking_changes,
    example_event,
    generated_files,
    json_schema,
    schema_file,
)
from newsflow.events import Article
from newsflow.topics import CATALOGUE, TopicName
from tests.conftest import ROOT


def committed(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / relative).read_text(encoding="utf-8"))
    return data


def test_generated_docs_and_schemas_are_committed_and_fresh() -> None:
    stale = [path for path, content in generated_files().items()
             if not (ROOT / path).exists() or (ROOT / path).read_text(encoding="utf-8") != content]
    assert not stale, f"run `newsflow schemas` and commit: {stale}"


@pytest.mark.parametrize("logical", list(TopicName))
def test_models_stay_compatible_with_the_committed_schemas(logical: TopicName) -> None:
    assert breaking_changes(committed(schema_file(logical)), json_schema(logical)) == []


@pytest.mark.parametrize("logical", list(TopicName))
def test_example_messages_validate_against_the_committed_schemas(logical: TopicName) -> None:
    schema = committed(schema_file(logical))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(example_event(logical).model_dump(mode="json"), schema,
                        cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1}, schema, cls=jsonschema.Draft202012Validator)


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


def test_compatibility_check_catches_a_removed_field() -> None:
    new = copy.deepcopy(schema_of(Article))
    del new["properties"]["lead"]
    assert breaking_changes(schema_of(Article), new) == ["Article.lead: field removed"]


def test_compatibility_check_catches_a_changed_type_and_a_new_required_field() -> None:
    class ArticleV2(Article):
        word_count: str = "0"  # type: ignore[assignment]
        region: str = Field(description="new and required")

    problems = breaking_changes(schema_of(Article), schema_of(ArticleV2))
    assert any(p.startswith("Article.word_count: type changed") for p in problems), problems
    assert "Article.region: new required field (old messages lack it)" in problems


def test_compatibility_check_allows_a_new_optional_field() -> None:
    class ArticleWithRegion(Article):
        region: str | None = None

    assert breaking_changes(schema_of(Article), schema_of(ArticleWithRegion)) == []


def test_asyncapi_document_is_valid_asyncapi_3() -> None:
    """Validated with the `asyncapi3` PyPI package (pydantic models of the AsyncAPI 3.0
    specification); the spec's own JSON Schema is checked in the test below."""
    document = committed(ASYNCAPI_FILE)
    assert document == asyncapi_document()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package's own pydantic field-name warnings
        from asyncapi3 import AsyncAPI3

        AsyncAPI3.model_validate(document)
        broken = copy.deepcopy(document)
        broken["operations"]["consumeArticles"]["action"] = "subscribe"  # AsyncAPI 2 wording
        with pytest.raises(ValidationError):
            AsyncAPI3.model_validate(broken)
    assert {c["address"] for c in document["channels"].values()} == {
        spec.name("newsflow") for spec in CATALOGUE.values()}
    for name in (m.__name__ for m in MODELS.values()):
        message = document["components"]["messages"][name]
        assert set(message["headers"]["properties"]) >= {"schema_version", "content-type",
                                                         "producer", "correlation_id"}


#: The AsyncAPI initiative's package of the specification's JSON Schemas (npm only).
ASYNCAPI_SPECS = "@asyncapi/specs@6.11.1"


def asyncapi_spec_schema() -> dict[str, Any]:
    """The AsyncAPI 3.0.0 JSON Schema from @asyncapi/specs, fetched once with `npm pack`
    into the git-ignored cache; the test is skipped, saying why, when npm cannot get it."""
    folder = ROOT / ".cache" / "npm" / ASYNCAPI_SPECS.replace("@", "_").replace("/", "_")
    target = folder / "package" / "schemas" / "3.0.0-without-$id.json"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: the AsyncAPI JSON Schema ships only on npm")
        folder.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run([npm, "pack", ASYNCAPI_SPECS, "--pack-destination", str(folder)],
                                capture_output=True, text=True, timeout=120, cwd=folder)
        tarballs = sorted(folder.glob("*.tgz"))
        if packed.returncode != 0 or not tarballs:
            pytest.skip(f"npm pack {ASYNCAPI_SPECS} failed: {packed.stderr.strip()[-300:]}")
        with tarfile.open(tarballs[-1]) as archive:
            archive.extractall(folder, filter="data")
    schema: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return schema


def test_asyncapi_document_passes_the_specifications_own_json_schema() -> None:
    schema = asyncapi_spec_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    document = committed(ASYNCAPI_FILE)
    assert [e.message for e in validator.iter_errors(document)] == []
    broken = copy.deepcopy(document)
    broken["operations"]["consumeArticles"]["action"] = "subscribe"  # AsyncAPI 2 wording
    del broken["info"]["version"]
    assert len(list(validator.iter_errors(broken))) >= 2
