"""Client configuration shared by every aiokafka client and the Faust apps."""

from __future__ import annotations

import ssl
from typing import Any

from newsflow.settings import Settings


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.kafka_security_protocol.upper():
        return None
    cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    return ssl.create_default_context(cafile=cafile)


def client_config(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer/Consumer/AdminClient."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers(),
        "security_protocol": settings.kafka_security_protocol.upper(),
    }
    context = ssl_context(settings)
    if context is not None:
        config["ssl_context"] = context
    if settings.kafka_sasl_mechanism:
        config["sasl_mechanism"] = settings.kafka_sasl_mechanism
        config["sasl_plain_username"] = settings.kafka_sasl_username
        password = settings.kafka_sasl_password
        config["sasl_plain_password"] = password.get_secret_value() if password else None
    return config


def faust_broker_credentials(settings: Settings) -> Any:
    """The same security settings in the form Faust takes (``broker_credentials``)."""
    import faust.auth

    context = ssl_context(settings)
    mechanism = settings.kafka_sasl_mechanism
    if mechanism:
        password = settings.kafka_sasl_password
        return faust.auth.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password.get_secret_value() if password else None,
            mechanism=mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.auth.SSLCredentials(context)
    return None
