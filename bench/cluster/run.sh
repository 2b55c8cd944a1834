#!/usr/bin/env bash
# The scale-out figures of docs/benchmarks.md ("Scale-out"): twins hosted per GB of silo memory, patch throughput and
# Monte Carlo replication throughput on 1, 2 and 3 in-process Orleans silos (tests/TwinLab.Cluster.Tests/Bench/
# ClusterFigures.cs, Release build). Prints the figures and the machine's load average.
# Usage: bench/cluster/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
TWINLAB_BENCH=1 dotnet test tests/TwinLab.Cluster.Tests -c Release --nologo --filter "Category=Benchmark" --logger "console;verbosity=detailed"
