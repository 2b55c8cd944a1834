using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Calibration;

public sealed class SimulatorCalibrationTests
{
    /// <summary>A service desk: each replication serves 50 customers with exponential service times of the given mean.</summary>
    private sealed class ServiceDesk : ISimulator
    {
        public SimulatorInfo Info { get; } = new("desk", "Exponential service.",
            [new ParameterSpec("service_mean", ParameterKind.Real, 1.0, 0.01, 100), new ParameterSpec("desks", ParameterKind.Integer, 1.0, 1, 9)],
            [new KpiSpec("mean_service"), new KpiSpec("longest")]);

        public IPreparedModel Prepare(SimulationSetup setup) => new Model(setup.Parameters.GetDouble("service_mean"));

        private sealed class Model(double mean) : IPreparedModel
        {
            public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
            {
                double sum = 0, longest = 0;
                for (var i = 0; i < 50; i++)
                {
                    var service = random.NextExponential(1 / mean);
                    sum += service;
                    longest = Math.Max(longest, service);
                }
                return new ReplicationOutcome([sum / 50, longest]);
            }
        }
    }

    private static (ExperimentContext Context, ScenarioSpec Base) Setup(int threads = 2)
    {
        var context = new ExperimentContext(new ServiceDesk(), new RunOptions(17, threads));
        return (context, new ScenarioSpec("today", context.Parameters(), []));
    }

    [Fact]
    public void Fit_ObservedMeanServiceTime_RecoversTheMean()
    {
        var (context, scenario) = Setup();
        var result = SimulatorCalibration.Fit(context, scenario,
            [new FreeParameter("service_mean", 1, LogScale: true)], [new KpiTarget("mean_service", 4.0, 0.1)], 20);

        var mean = result.Fit.Parameter("service_mean");
        Assert.Equal(4.0, mean.Value, 0.25);
        // Under common random numbers the simulated mean is exactly proportional to the parameter, so the fit is exact.
        Assert.Equal(4.0, result.Simulated.Summary("mean_service").Mean, 1e-4);
        Assert.True(mean.Asymptotic!.Value.Contains(mean.Value));
        Assert.Equal(mean.Asymptotic!.Value.Low, mean.Profile!.Value.Low, 0.02);
        Assert.Equal(mean.Value, result.Calibrated.Parameters.GetDouble("service_mean"));
        Assert.Equal(0.1 * mean.Value / 4.0, mean.StandardError, 0.005);
    }

    [Fact]
    public void Fit_OneVersusTwoThreads_GivesIdenticalEstimates()
    {
        double Run(int threads)
        {
            var (context, scenario) = Setup(threads);
            return SimulatorCalibration.Fit(context, scenario, [new FreeParameter("service_mean", 2, 0.5, 10)],
                [new KpiTarget("mean_service", 3.0, 0.2), new KpiTarget("longest", 13.0, 1.0)], 8,
                new CalibrationOptions { SigmaKnown = true, DifferenceStep = 1e-3, Uncertainty = UncertaintyMethods.None })
                .Fit.Parameter("service_mean").Value;
        }

        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Fit_IntegerParameter_IsRefused()
    {
        var (context, scenario) = Setup();
        var error = Assert.Throws<TwinLabException>(() => SimulatorCalibration.Fit(context, scenario,
            [new FreeParameter("desks", 2)], [new KpiTarget("mean_service", 4.0, 0.1)], 2));
        Assert.Contains("'desks' is a integer parameter", error.Message);
    }

    [Fact]
    public void Fit_UnknownKpi_NamesIt()
    {
        var (context, scenario) = Setup();
        var error = Assert.Throws<TwinLabException>(() => SimulatorCalibration.Fit(context, scenario,
            [new FreeParameter("service_mean", 2)], [new KpiTarget("wait", 4.0, 0.1)], 2));
        Assert.Contains("KPI 'wait'", error.Message);
    }
}
