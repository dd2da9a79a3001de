"""The aiokafka workaround in newsflow/kafka/compat.py: a v3 DescribeGroups answer (what
Kafka 3.9 sends) decodes, with every group field in place."""

from __future__ import annotations

from aiokafka.protocol import admin as protocol

from newsflow.kafka.compat import describe_groups_response_fixed

V3_ANSWER = protocol.DescribeGroupsResponse_v3(
    throttle_time_ms=0,
    groups=[(0, "downstream-titles", "Stable", "consumer", "range",
             [("member-1", "client-1", "/127.0.0.1", b"", b"")], -2147483648),
            (0, "newsflow-parser", "Empty", "consumer", "", [], -2147483648)],
).encode()


def test_a_v3_describe_groups_answer_decodes_with_the_fix() -> None:
    describe_groups_response_fixed()
    decoded = protocol.DescribeGroupsRequest_v3.RESPONSE_TYPE.decode(V3_ANSWER).to_object()
    assert [g["group"] for g in decoded["groups"]] == ["downstream-titles", "newsflow-parser"]
    assert decoded["groups"][0]["members"][0]["client_id"] == "client-1"
    assert decoded["groups"][1]["state"] == "Empty"


def test_the_response_type_the_library_names_cannot_decode_it() -> None:
    """If this fails, aiokafka fixed the defect and compat.py can go."""
    try:
        decoded = protocol.DescribeGroupsResponse_v2.decode(V3_ANSWER).to_object()
    except ValueError:
        return
    assert [g["group"] for g in decoded["groups"]] != ["downstream-titles", "newsflow-parser"]
