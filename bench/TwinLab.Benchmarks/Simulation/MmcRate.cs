using System.Diagnostics;
using System.Globalization;
using TwinLab.Simulation.Events;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Benchmarks.Simulation;

/// <summary>
/// The .NET side of <c>bench/simpy/compare.sh</c> (<c>TwinLab.Benchmarks mmc-rate</c>): the M/M/c queue of
/// <c>bench/simpy/mmc.py</c>, same parameters and customer count, printing key=value lines.
/// </summary>
/// <remarks>
/// An event is what the SimPy script counts: one arrival and one service completion per customer, 2N for N
/// customers; the low-level model dispatches exactly those. The process-layer model (written as a SimPy user
/// would write it) is timed too, for information, with the same 2N count. Each side reports its best of
/// <c>--repeat</c> runs after warm-up runs, which give the JIT time to tier up.
/// </remarks>
public static class MmcRate
{
    /// <summary>Runs the comparison workload; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var customers = Option(args, "--customers", 200_000);
        var servers = (int)Option(args, "--servers", 3);
        var arrivalRate = Option(args, "--arrival-rate", 2.4);
        var serviceRate = Option(args, "--service-rate", 1.0);
        var repeat = (int)Option(args, "--repeat", 5);
        var seed = (ulong)Option(args, "--seed", 42);

        WarmUp(() => RunLowLevel(customers, servers, arrivalRate, serviceRate, seed + 1000));
        var runs = Enumerable.Range(0, repeat)
            .Select(r => RunLowLevel(customers, servers, arrivalRate, serviceRate, seed + (ulong)r)).ToList();
        var best = runs.MaxBy(r => r.Rate);

        WarmUp(() => RunProcessLayer(Math.Min(customers, 20_000), servers, arrivalRate, serviceRate, seed + 1000));
        var processRuns = Enumerable.Range(0, Math.Max(1, repeat / 2))
            .Select(r => RunProcessLayer(customers, servers, arrivalRate, serviceRate, seed + (ulong)r)).ToList();
        var process = processRuns.MaxBy(r => r.Rate);

        Print("events", best.Events);
        Print("seconds", best.Seconds);
        Print("events_per_second", best.Rate);
        Print("events_per_cpu_second", runs.Max(r => r.CpuRate));
        Print("mean_wait", best.MeanWait);
        Print("erlang_c_mean_wait", ErlangC.MeanWait(servers, arrivalRate, serviceRate));
        Print("process_layer_events_per_second", process.Rate);
        Print("process_layer_events_per_cpu_second", processRuns.Max(r => r.CpuRate));
        Print("process_layer_mean_wait", process.MeanWait);
        return 0;
    }

    /// <summary>
    /// Runs the workload for a second, then pauses: tiered compilation promotes hot methods only after a quiet
    /// spell of about 100 ms without new tier-0 code, on a background thread (see the runtime's
    /// docs/design/features/tiered-compilation.md), so timing straight after start-up would measure tier-0 code.
    /// </summary>
    private static void WarmUp(Action workload)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1) workload();
        Thread.Sleep(300);
        workload();
    }

    private static Measurement RunLowLevel(long customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var cpu = ThreadCpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        var engine = new EventEngine(servers + 2);
        var model = new MmcModel(engine, random.Split(0), random.Split(1), arrivalRate, serviceRate, servers, 0, customers);
        model.Start();
        engine.Run();
        return new(engine.EventsProcessed, clock.Elapsed.TotalSeconds, ThreadCpuClock.Seconds() - cpu, model.MeanWait);
    }

    private static Measurement RunProcessLayer(long customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var cpu = ThreadCpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        var result = MmcProcessModel.Run(random.Split(0), random.Split(1), arrivalRate, serviceRate, servers, customers);
        return new(2 * result.Served, clock.Elapsed.TotalSeconds, ThreadCpuClock.Seconds() - cpu, result.MeanWait);
    }

    /// <summary>One timed run: events, wall-clock and thread CPU seconds, and the mean wait (to show it is the same queue).</summary>
    private readonly record struct Measurement(long Events, double Seconds, double CpuSeconds, double MeanWait)
    {
        public double Rate => Events / Seconds;
        public double CpuRate => Events / CpuSeconds;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static long Option(string[] args, string name, long fallback) => (long)Option(args, name, (double)fallback);

    private static void Print(string key, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}={value:0.#####}"));
}
