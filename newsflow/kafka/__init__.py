"""The Kafka layer: client configuration, topic administration, producing. Nothing else."""
