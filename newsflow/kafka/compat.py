"""Workarounds for known defects of the Kafka client library, each with its evidence.

aiokafka 0.14: ``DescribeGroupsRequest_v3.RESPONSE_TYPE`` is ``DescribeGroupsResponse_v2``,
whose schema lacks the ``authorized_operations`` field that a v3 response carries; Kafka
3.9 answers v3, so ``AIOKafkaAdminClient.describe_consumer_groups`` fails with "Buffer
underrun decoding string" on every call. The v3 response class the library defines is
right; the request just names the wrong one. ``tests/unit/test_kafka_compat.py`` checks the
fix is still needed and what it changes.
"""

from __future__ import annotations

from aiokafka.protocol import admin as protocol


def describe_groups_response_fixed() -> bool:
    """Make the v3 DescribeGroups request decode its answer as a v3 response; True when
    the library needed it (idempotent)."""
    request = protocol.DescribeGroupsRequest_v3
    if request.RESPONSE_TYPE is protocol.DescribeGroupsResponse_v3:
        return False
    request.RESPONSE_TYPE = protocol.DescribeGroupsResponse_v3
    return True
