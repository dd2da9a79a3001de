"""``python -m bench.reliability``: the failure tests at the size docs/reliability.md reports.

`make test` runs the same scenarios shorter, to keep the whole suite under 15 minutes on a
slow host: 2,500 documents in the chaos and cluster chaos tests, six service kills in the
first (eight here: each service alone again after the broker's restart), no broker kept
down in the second (the killed ones stay away 9-14 s), an index outage of about 20 s. This
runs them (the same test code, on real brokers, a real OpenSearch node and real service
processes) with 5,000 documents, a broker down 30 s and an outage of about 60 s, and prints
the figures each test prints (``... FIGURES {json}``), which docs/reliability.md tables.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = {
    "chaos": "tests/integration/test_chaos.py",
    "cluster": "tests/integration/test_cluster_chaos.py",
    "outage": "tests/integration/test_index_outage.py",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=5000,
                        help="documents in the chaos and cluster chaos runs (make test: 2500)")
    parser.add_argument("--down-seconds", type=float, default=30.0,
                        help="how long the cluster run keeps one broker down (make test: 0, "
                        "not at all)")
    parser.add_argument("--outage-seconds", type=float, default=60.0,
                        help="the OpenSearch outage of the outage run (make test: 20)")
    parser.add_argument("--only", choices=sorted(TESTS), action="append",
                        help="run only this scenario (repeatable); default: all three")
    args = parser.parse_args(argv)
    env = {**os.environ, "NEWSFLOW_TEST_CHAOS_DOCUMENTS": str(args.documents),
           "NEWSFLOW_TEST_CHAOS_FULL": "1",
           "NEWSFLOW_TEST_BROKER_DOWN_SECONDS": f"{args.down_seconds:g}",
           "NEWSFLOW_TEST_OUTAGE_SECONDS": f"{args.outage_seconds:g}"}
    chosen = [TESTS[name] for name in (args.only or sorted(TESTS))]
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-s", "-q",
                          "-o", "timeout=1200", "--durations=0", *chosen],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    figures = [line for line in run.stdout.splitlines() if "FIGURES" in line
               or line.startswith("outage ")]
    print("\n".join(figures))
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:])
    if run.returncode != 0:
        print(run.stdout[-8000:], run.stderr[-2000:], sep="\n", file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
