"""``python -m bench e2e ...``: reproduce docs/benchmarks.md (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    e2e = sub.add_parser("e2e", help="end to end, stages, scaling and memory on the real broker")
    e2e.add_argument("--n", type=int, default=5000,
                     help="seed documents in the end-to-end throughput run (peak RSS is at this N)")
    e2e.add_argument("--rates", default="100,200,400",
                     help="input rates (articles/s) of the latency runs, comma-separated")
    e2e.add_argument("--seconds", type=float, default=20.0, help="duration of each latency run")
    e2e.add_argument("--stage-n", type=int, default=1000, help="documents per in-process stage")
    e2e.add_argument("--scaling-n", type=int, default=10000,
                     help="documents in each parser scaling run (one and two workers)")
    e2e.add_argument("--extraction-dev", type=Path, default=Path("../shared/extraction-dev"),
                     help="real pages with expected bodies; skipped when absent")
    e2e.add_argument("--snippets", type=Path, default=Path("../shared/extraction-dev-snippets"),
                     help="the second set of real pages, replayed in the HTML run; skipped when absent")
    e2e.add_argument("--html-synthetic", type=int, default=2000,
                     help="pages in the two sites' markup in the HTML run, beside the real pages")
    e2e.add_argument("--baseline", type=Path, default=None,
                     help="a checkout of the commit to compare with (git worktree add DIR SHA): "
                     "its throughput run and this one's alternate on the same broker")
    e2e.add_argument("--ab-rounds", type=int, default=2, help="before/after runs of each checkout")
    e2e.add_argument("--ab-n", type=int, default=8000, help="seed documents in each before/after run")
    e2e.add_argument("--no-opensearch", action="store_true",
                     help="skip the OpenSearch stage (else NEWSFLOW_OPENSEARCH_URL or a dev node)")
    e2e.add_argument("--analysis", type=Path, default=Path("bench/analysis.md"),
                     help="a written reading of the figures, placed under the targets")
    e2e.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    render = sub.add_parser("render", help="rewrite docs/benchmarks.md and its charts from "
                            "docs/benchmarks.json, with bench/analysis.md; measures nothing")
    render.add_argument("--analysis", type=Path, default=Path("bench/analysis.md"))
    render.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    if args.command == "render":
        from bench.e2e import render as render_report

        render_report(args.out, args.analysis)
    if args.command == "e2e":
        from bench.e2e import RunOptions, run

        command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
        run(RunOptions(
            command=command, n=args.n, rates=[float(r) for r in args.rates.split(",") if r],
            seconds=args.seconds, stage_n=args.stage_n, scaling_n=args.scaling_n, out=args.out,
            extraction_dev=args.extraction_dev if args.extraction_dev.exists() else None,
            opensearch=not args.no_opensearch, analysis=args.analysis,
            snippets=args.snippets if args.snippets.exists() else None,
            html_synthetic=args.html_synthetic, baseline=args.baseline,
            ab_rounds=args.ab_rounds, ab_n=args.ab_n,
        ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
