using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// The contact-centre twin as a simulator (<c>simulator: contact-center</c>): a multi-skill, multi-channel centre
/// with skill-based routing (priorities, overflow), abandonment, callbacks and retrials, chat concurrency, shifts,
/// breaks and shrinkage, and repeat contacts from unresolved ones. Its parameters are the what-ifs: staffing,
/// skill mix and cross-training, routing rule, handle time, chatbot deflection, callback offers, channel shift,
/// shrinkage.
/// </summary>
/// <remarks>
/// <para>The model comes from the constructor (calibrated from an interaction log, or written by hand), not from the
/// twin graph, which <see cref="Prepare(SimulationSetup)"/> ignores; interventions are expressed as parameters and
/// are ignored too. Prepare applies a scenario's parameters to a copy of the model. The time unit for
/// <see cref="SimulationSetup.Horizon"/> is the day (used when the <c>days</c> parameter is 0).</para>
/// <para>Thread-safe: prepared scenarios are immutable and each replication builds its own engine and state. The
/// model's <see cref="ISatisfactionPredictor"/>, if any, is called from several threads at once.</para>
/// <para>Checked against Erlang C (M/M/N) and Erlang A (M/M/N+M) on a single-skill centre in the tests.</para>
/// </remarks>
public sealed class ContactCenterSimulator : ISimulator
{
    /// <summary>The name in scenario files.</summary>
    public const string SimulatorName = "contact-center";

    /// <summary>A simulator of <paramref name="model"/>.</summary>
    /// <param name="model">The centre: queues, roster, satisfaction predictor.</param>
    /// <param name="staffing">Agents per interval to use instead of the roster's agents and shifts (the roster's
    /// shrinkage still applies).</param>
    /// <exception cref="Core.Errors.TwinLabException">The model or the plan is not usable (the message says why).</exception>
    public ContactCenterSimulator(CenterModel model, StaffingPlan? staffing = null)
    {
        ModelValidator.Validate(model, staffing);
        Model = model;
        Staffing = staffing;
        Info = ContactCenterInfo.Create(model.Queues.Select(q => q.Queue).Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The centre as given.</summary>
    public CenterModel Model { get; }

    /// <summary>The staffing plan, when staffing is given per interval.</summary>
    public StaffingPlan? Staffing { get; }

    /// <inheritdoc />
    public SimulatorInfo Info { get; }

    /// <inheritdoc />
    IPreparedModel ISimulator.Prepare(SimulationSetup setup) => Prepare(setup);

    /// <summary>Builds one scenario: the model with the setup's parameter values applied.</summary>
    /// <exception cref="Core.Errors.TwinLabException">A parameter value is not usable.</exception>
    public ContactCenterScenario Prepare(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var knobs = ContactCenterInfo.Read(setup.Parameters, setup.Horizon);
        var (model, plan) = ScenarioApplier.Apply(Model, Staffing, knobs);
        return new ContactCenterScenario(model, plan, CenterCompiler.Compile(model, plan, knobs));
    }

    /// <summary>Builds one scenario from parameter values (defaults for any not given).</summary>
    /// <exception cref="Core.Errors.TwinLabException">An unknown parameter or a value that is not usable.</exception>
    public ContactCenterScenario Prepare(params (string Name, ParameterValue Value)[] parameters) =>
        Prepare(new SimulationSetup(null, ParameterSet.Create(Info, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))), 0, []));
}
