"""``python -m bench e2e [--n N] [--rate R] [--seconds S]``: reproduce docs/benchmarks.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    e2e = sub.add_parser("e2e", help="end to end, stages and scaling on the real broker")
    e2e.add_argument("--n", type=int, default=5000, help="documents per throughput run")
    e2e.add_argument("--rate", type=float, default=200.0, help="input rate for latency")
    e2e.add_argument("--seconds", type=float, default=20.0, help="duration of latency run")
    e2e.add_argument("--stage-n", type=int, default=1000, help="documents per stage run")
    e2e.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    if args.command == "e2e":
        from bench.e2e import run

        command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
        run(args.n, args.rate, args.seconds, args.stage_n, args.out, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
