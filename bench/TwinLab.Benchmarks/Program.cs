using BenchmarkDotNet.Running;

// A plain timed run for bench/simpy/compare.sh, outside BenchmarkDotNet.
if (args is ["mmc-rate", ..])
    return TwinLab.Benchmarks.Simulation.MmcRate.Run(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(TwinLab.Benchmarks.SyntheticCampus).Assembly).Run(args);
return 0;
