namespace TwinLab.ContactCenter.Recommendation;

/// <summary>
/// A change a contact-centre manager could make, as the recommender compares it with doing nothing: the simulator
/// parameters it sets and what it costs besides agent time.
/// </summary>
/// <param name="Name">Short unique name shown in rankings ("chatbot-billing").</param>
/// <param name="Description">One line for people.</param>
/// <param name="Settings">The <c>contact-center</c> simulator parameters the change sets, as written.</param>
/// <param name="Cost">What the change costs on top of the agent hours the simulator pays for.</param>
/// <remarks>Settings are checked against a simulator's parameters only when the change is validated or run
/// (<see cref="CandidateFile.Validate"/>), because which skills are valid
/// depends on the calibrated model.</remarks>
public sealed record CandidateChange(string Name, string Description, IReadOnlyList<CandidateSetting> Settings, CandidateCost Cost)
{
    /// <summary>The file the change was read from ("candidates" for changes built in code); used in errors.</summary>
    public string Source { get; init; } = "candidates";

    /// <summary>1-based line of the change in <see cref="Source"/>; 0 when built in code.</summary>
    public long Line { get; init; }

    /// <summary>1-based column of the change in <see cref="Source"/>; 0 when built in code.</summary>
    public long Column { get; init; }

    /// <summary>Position of the change in its file's list (0-based); used to name it in errors.</summary>
    public int Index { get; init; }

    /// <summary>A change built in code from parameter values (numbers, booleans and choices as text).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cost">Its cost; null for none.</param>
    /// <param name="settings">Parameter names and values, e.g. <c>("handle_time_factor", "0.9")</c>.</param>
    public static CandidateChange Of(string name, CandidateCost? cost, params (string Parameter, string Value)[] settings) =>
        new(name, name, settings.Select(s => new CandidateSetting(s.Parameter, s.Value)).ToArray(), cost ?? CandidateCost.None);
}

/// <summary>One simulator parameter a candidate sets, as written in the file.</summary>
/// <param name="Parameter">The parameter's name (see <c>ContactCenterSimulator.Info</c>).</param>
/// <param name="Value">The value as text: a number (<c>0.3</c> or <c>30%</c>), <c>true</c>/<c>false</c>, or a choice.</param>
/// <param name="Line">1-based line of the value; 0 when built in code.</param>
/// <param name="Column">1-based column of the value; 0 when built in code.</param>
public sealed record CandidateSetting(string Parameter, string Value, long Line = 0, long Column = 0);

/// <summary>
/// What a change costs besides agent hours: a one-off cost spread evenly over <see cref="AmortisationDays"/>
/// calendar days, and/or a recurring cost per calendar day. Agents a change adds are paid through the simulator's
/// own cost KPI (paid hours × cost per hour), so they must not be counted here as well.
/// </summary>
/// <param name="Fixed">One-off cost (licence set-up, project, training), in the roster's currency.</param>
/// <param name="AmortisationDays">Calendar days the one-off cost is spread over.</param>
/// <param name="PerDay">Recurring cost per calendar day (licence, hosting, per-use fees).</param>
public sealed record CandidateCost(double Fixed = 0, double AmortisationDays = CandidateCost.DefaultAmortisationDays, double PerDay = 0)
{
    /// <summary>One year: the default period a one-off cost is spread over.</summary>
    public const double DefaultAmortisationDays = 365;

    /// <summary>No cost besides agent time (a routing rule, a schedule change).</summary>
    public static CandidateCost None { get; } = new();

    /// <summary>The cost per calendar day: <see cref="Fixed"/> ÷ <see cref="AmortisationDays"/> + <see cref="PerDay"/>.</summary>
    public double Daily => (Fixed == 0 ? 0 : Fixed / AmortisationDays) + PerDay;
}
