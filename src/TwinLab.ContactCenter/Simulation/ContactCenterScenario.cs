using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// One scenario of a contact centre, prepared by <see cref="ContactCenterSimulator.Prepare(SimulationSetup)"/>: the
/// model with the scenario's what-ifs applied, ready to run replications. Immutable and safe to run from several
/// threads at once; each replication is a pure function of its <see cref="RandomStream"/>.
/// </summary>
public sealed class ContactCenterScenario : IPreparedModel
{
    private readonly CompiledCenter _center;

    internal ContactCenterScenario(CenterModel model, StaffingPlan? staffing, CompiledCenter center)
    {
        Model = model;
        Staffing = staffing;
        _center = center;
    }

    /// <summary>The scenario's model: the simulator's with this scenario's roster changes (scale, extra agents,
    /// cross-training, shrinkage); the other what-ifs act during the run.</summary>
    public CenterModel Model { get; }

    /// <summary>The scenario's staffing plan, when staffing is given per interval.</summary>
    public StaffingPlan? Staffing { get; }

    /// <summary>Agents simulated (after the staffing what-ifs; one per head of a staffing plan).</summary>
    public int AgentCount => _center.Agents.Length;

    internal CompiledCenter Compiled => _center;

    /// <summary>Runs one replication and returns everything it measured.</summary>
    /// <param name="random">The replication's stream.</param>
    /// <param name="cancellationToken">Checked every 65,536 events.</param>
    public ContactCenterResult Simulate(RandomStream random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ContactCenterRun(_center, random).Execute(cancellationToken);
    }

    /// <summary>Runs one replication: the KPIs in the order of <see cref="ContactCenterSimulator.Info"/>, and the
    /// per-interval series.</summary>
    public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
    {
        var result = Simulate(random, cancellationToken);
        return new ReplicationOutcome(KpiVector.From(result), result.Series);
    }

    /// <summary>A replication whose service starts <paramref name="observer"/> sees (for tests).</summary>
    internal ContactCenterResult Simulate(RandomStream random, IRunObserver observer) =>
        new ContactCenterRun(_center, random) { Observer = observer }.Execute(CancellationToken.None);
}
