"""The operator layer: the ``newsflow`` CLI and its commands, the process supervisor of
``newsflow run``, the process launcher and the dev runtimes of Kafka and OpenSearch.

It sits above the services and the shared layer and may import both; nothing below
imports it (``tests/unit/test_layers.py`` checks).
"""
