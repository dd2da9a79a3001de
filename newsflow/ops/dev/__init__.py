"""Local runtimes provisioned by the project itself: Kafka (and OpenSearch) from Maven Central."""
