#!/usr/bin/env bash
# The scale-out figures of docs/benchmarks.md ("Scale-out"): twins hosted per GB of silo memory, patch throughput and
# Monte Carlo replication throughput on 1, 2 and 3 in-process Orleans silos (tests/TwinLab.Cluster.Tests/Bench/
# ClusterFigures.cs, Release build). Prints the figures and the machine's load average.
# Usage: bench/cluster/run.sh            every figure (with TWINLAB_POSTGRES set, also patches with the twins in PostgreSQL)
#        bench/cluster/run.sh postgres   only the patches with the twins in PostgreSQL (needs TWINLAB_POSTGRES:
#                                        eval "$(bash .ci/postgres.sh)")
set -euo pipefail
cd "$(dirname "$0")/../.."
only="${1:-}"
if [[ -n "$only" && "$only" != postgres ]]; then echo "usage: bench/cluster/run.sh [postgres]" >&2; exit 2; fi
if [[ "$only" == postgres && -z "${TWINLAB_POSTGRES:-}" ]]; then echo "bench/cluster/run.sh postgres: set TWINLAB_POSTGRES first (eval \"\$(bash .ci/postgres.sh)\")" >&2; exit 2; fi
TWINLAB_BENCH=1 TWINLAB_BENCH_ONLY="$only" dotnet test tests/TwinLab.Cluster.Tests -c Release --nologo --filter "Category=Benchmark" --logger "console;verbosity=detailed"
