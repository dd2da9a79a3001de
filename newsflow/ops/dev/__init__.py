"""Local runtimes provisioned by the project itself from Maven Central: the Kafka broker
(``kafka.py``) and the OpenSearch node (``opensearch.py``), both on one base (``runtime.py``)."""
