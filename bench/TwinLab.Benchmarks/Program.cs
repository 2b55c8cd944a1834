using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TwinLab.Benchmarks.SyntheticCampus).Assembly).Run(args);
