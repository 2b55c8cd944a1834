using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Runs independent replications of a scenario and summarises a KPI with a Student-t interval.</summary>
internal static class Replications
{
    public static ContactCenterResult[] Run(ContactCenterScenario scenario, int count, ulong seed = 7) =>
        Enumerable.Range(0, count).Select(r => scenario.Simulate(RandomStream.For(seed, 0, r))).ToArray();

    public static KpiSummary Summary(this ContactCenterResult[] results, Func<ContactCenterResult, double> kpi, double confidence = 0.99) =>
        Summaries.Summarize("kpi", results.Select(kpi).ToArray(), confidence);

    public static double Mean(this ContactCenterResult[] results, Func<ContactCenterResult, double> kpi) =>
        results.Select(kpi).Average();

    /// <summary>Asserts the interval covers <paramref name="expected"/>, with a message that shows both.</summary>
    public static void AssertCovers(this KpiSummary summary, double expected, string what) =>
        Assert.True(summary.CiLow <= expected && expected <= summary.CiHigh,
            $"{what}: expected {expected:G5} outside the {summary.Confidence:P0} interval [{summary.CiLow:G5}, {summary.CiHigh:G5}] (mean {summary.Mean:G5}).");
}
