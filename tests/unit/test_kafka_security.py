"""Kafka client security: SASL/SCRAM and TLS settings reach the aiokafka and Faust
configurations, and the password never shows in a repr, a dump or a log line."""

from __future__ import annotations

import asyncio
import logging
import ssl
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from newsflow.kafka.config import client_config, faust_broker_credentials
from newsflow.settings import Settings

SECRET = "s3cr3t-Pa55word-never-logged"


@pytest.fixture
def secure_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker.example:9093")
    monkeypatch.setenv("NEWSFLOW_KAFKA_SECURITY_PROTOCOL", "sasl_ssl")
    monkeypatch.setenv("NEWSFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NEWSFLOW_KAFKA_SASL_USERNAME", "newsflow")
    monkeypatch.setenv("NEWSFLOW_KAFKA_SASL_PASSWORD", SECRET)
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path))
    return Settings()


def test_the_password_is_a_secret_in_every_rendering(secure_env: Settings) -> None:
    settings = secure_env
    assert settings.kafka_sasl_password is not None
    assert settings.kafka_sasl_password.get_secret_value() == SECRET
    for rendering in (repr(settings), str(settings), settings.model_dump_json(),
                      str(settings.model_dump()), repr(settings.kafka_sasl_password)):
        assert SECRET not in rendering


def test_aiokafka_clients_get_scram_over_tls_without_logging_the_password(
    secure_env: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    config = client_config(secure_env)
    assert config["security_protocol"] == "SASL_SSL"
    assert config["sasl_mechanism"] == "SCRAM-SHA-512"
    assert config["sasl_plain_username"] == "newsflow"
    assert config["sasl_plain_password"] == SECRET
    assert isinstance(config["ssl_context"], ssl.SSLContext)
    assert config["ssl_context"].verify_mode == ssl.CERT_REQUIRED

    async def build() -> list[str]:
        producer = AIOKafkaProducer(**config)
        consumer = AIOKafkaConsumer(**config)
        return [repr(producer), repr(consumer)]

    with caplog.at_level(logging.DEBUG):
        renderings = asyncio.run(build())
    assert all(SECRET not in r for r in renderings)
    assert SECRET not in caplog.text


def test_faust_gets_the_same_credentials_and_hides_the_password(
    secure_env: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    credentials = faust_broker_credentials(secure_env)
    assert SECRET not in repr(credentials)
    auth = credentials_to_aiokafka_auth(credentials)
    assert auth["security_protocol"] == "SASL_SSL"
    assert auth["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (auth["sasl_plain_username"], auth["sasl_plain_password"]) == ("newsflow", SECRET)
    assert isinstance(auth["ssl_context"], ssl.SSLContext)

    from newsflow.kafka.streams import make_app

    with caplog.at_level(logging.DEBUG):
        app = make_app("parser", settings=secure_env)
        logging.getLogger("newsflow.test").info("app %r conf %r", app, app.conf)
    app_auth = credentials_to_aiokafka_auth(app.conf.broker_credentials)
    assert (app_auth["sasl_mechanism"], app_auth["sasl_plain_password"]) == ("SCRAM-SHA-512", SECRET)
    assert SECRET not in caplog.text


def test_tls_only_uses_the_configured_ca_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    cafile = Path("/etc/ssl/certs/ca-certificates.crt")
    if not cafile.exists():
        pytest.skip("no system CA bundle to load")
    settings = Settings(kafka_bootstrap_servers="b:9093", kafka_security_protocol="SSL",
                        kafka_ssl_cafile=cafile)
    config = client_config(settings)
    assert config["security_protocol"] == "SSL" and "sasl_mechanism" not in config
    assert config["ssl_context"].cert_store_stats()["x509_ca"] > 0
    assert type(faust_broker_credentials(settings)).__name__ == "SSLCredentials"
    plain = Settings(kafka_bootstrap_servers="b:9092")
    assert "ssl_context" not in client_config(plain) and faust_broker_credentials(plain) is None
