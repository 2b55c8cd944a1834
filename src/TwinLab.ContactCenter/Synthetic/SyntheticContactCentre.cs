using System.Text;
using System.Text.Json;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Models;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// Generates a realistic month of a two-skill (billing, tech), two-channel (phone, chat) contact centre whose truth is
/// known, for the example in <c>examples/contact-center/</c> and for tests that must recover that truth.
/// </summary>
/// <remarks>
/// New contacts arrive as a Poisson process with a weekly 30-minute profile (<see cref="IntradayShape"/> ×
/// <see cref="DayFactors"/>); handle times are lognormal by skill and channel; patience is exponential; answered
/// contacts are resolved with a queue's first-contact resolution, otherwise the customer comes back (a repeat contact)
/// after an exponential delay, at most <see cref="MaxRepeats"/> times; waits come from simulating the roster's agents
/// (<see cref="CentreSimulation"/>). A share of answered customers gives a 1–5 score (<see cref="Satisfaction"/>).
/// The same settings always give the same month, byte for byte.
/// </remarks>
public static class SyntheticContactCentre
{
    /// <summary>The example's interaction log.</summary>
    public const string InteractionsFile = "interactions.csv";

    /// <summary>The example's roster.</summary>
    public const string RosterFileName = "roster.yaml";

    /// <summary>The example's twin graph: the centre as <see cref="ContactCenterGraph"/> describes it, with the true queues.</summary>
    public const string GraphFileName = "twins.json";

    /// <summary>How many times an unresolved customer comes back at most.</summary>
    public const int MaxRepeats = CentreSimulation.MaxRepeats;

    /// <summary>The four queues and their true parameters.</summary>
    public static IReadOnlyList<SyntheticQueue> Queues { get; } =
    [
        new("billing", Channel.Phone, 420, 5.55, 0.55, 180, 0.82, 20, 1),
        new("billing", Channel.Chat, 170, 6.05, 0.50, 300, 0.80, 20, 0),
        new("tech", Channel.Phone, 300, 5.95, 0.60, 240, 0.76, 24, 1),
        new("tech", Channel.Chat, 130, 6.35, 0.55, 360, 0.74, 24, 0),
    ];

    /// <summary>How customers score contacts.</summary>
    public static SyntheticSatisfaction Satisfaction { get; } = new();

    /// <summary>Volume of each day relative to Tuesday, Monday first.</summary>
    public static IReadOnlyList<double> DayFactors => ArrivalProfile.DayFactors;

    /// <summary>Relative arrival intensity on <paramref name="day"/> at <paramref name="hour"/> of the day (0 while closed:
    /// open 08:00–20:00 on weekdays, 09:00–17:00 at weekends).</summary>
    public static double IntradayShape(DayOfWeek day, double hour) => ArrivalProfile.Shape(MonthClock.MondayFirst(day), hour);

    /// <summary>The agents: billing, tech and mixed-skill groups on staggered shifts.</summary>
    public static Roster Roster() => SyntheticRoster.Build();

    /// <summary>The roster as the YAML <see cref="RosterFile"/> reads (groups written with <c>count</c>).</summary>
    public static string RosterYaml() => SyntheticRoster.Yaml();

    /// <summary>
    /// The true centre: for each queue the arrival rates of new contacts per 30-minute interval of the week,
    /// lognormal handle times (<see cref="Distribution.LogNormal"/> with the queue's mu and sigma), exponential patience,
    /// first-contact resolution, repeat delay and priority; the roster; the satisfaction model.
    /// </summary>
    public static CenterModel Truth() => new(
        ArrivalProfile.IntervalMinutes,
        [
            .. Queues.Select(q => new QueueModel(
                q.Queue, q.Channel, ArrivalProfile.WeeklyRates(q.TuesdayContacts),
                Distribution.LogNormal(q.HandleMu, q.HandleSigma), Distribution.Exponential(1 / q.PatienceMeanSeconds),
                q.FirstContactResolution, q.RepeatDelayHours, q.Priority)),
        ],
        Roster(),
        Satisfaction);

    /// <summary>Generates the month.</summary>
    public static SyntheticMonth Generate(SyntheticSettings? settings = null)
    {
        settings ??= new SyntheticSettings();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Days);
        var truth = Truth();
        var clock = new MonthClock(settings.Start);
        var contacts = new CentreSimulation(Queues, truth.Roster, settings).Run();
        var interactions = new Interaction[contacts.Count];
        for (var i = 0; i < contacts.Count; i++) interactions[i] = ToInteraction(i + 1, contacts[i], clock, settings);
        return new SyntheticMonth(interactions, truth, settings);
    }

    /// <summary>Writes <see cref="InteractionsFile"/>, <see cref="RosterFileName"/> and <see cref="GraphFileName"/> into
    /// <paramref name="folder"/> (created if needed), UTF-8 with '\n' line ends whatever the platform.</summary>
    /// <returns>The generated month.</returns>
    public static SyntheticMonth WriteExample(string folder, SyntheticSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var month = Generate(settings);
        var utf8 = new UTF8Encoding(false);
        InteractionLog.Write(month.Interactions, Path.Combine(folder, InteractionsFile));
        File.WriteAllText(Path.Combine(folder, RosterFileName), RosterYaml(), utf8);
        var graph = ContactCenterGraph.FromModel(month.Truth, "Synthetic contact centre");
        var json = JsonSerializer.Serialize(graph, new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" });
        File.WriteAllText(Path.Combine(folder, GraphFileName), json + "\n", utf8);
        return month;
    }

    // Logs keep whole seconds, so the interactions are rounded as the CSV writes them: reading the file back gives them exactly.
    private static Interaction ToInteraction(int row, SimContact c, MonthClock clock, SyntheticSettings settings)
    {
        var queue = Queues[c.Queue];
        var answered = !c.Abandoned && c.Agent is not null;
        var resolved = answered ? c.ResolveUniform < queue.FirstContactResolution : (bool?)null;
        double? score = answered && c.SurveyUniform < settings.SurveyShare
            ? Satisfaction.Score(queue.Channel, c.Wait, resolved!.Value, c.SatisfactionNoise)
            : null;
        return new Interaction(
            row,
            clock.ToTime(c.Arrival),
            queue.Channel,
            queue.Queue,
            Math.Round(c.Wait),
            answered ? Outcome.Answered : Outcome.Abandoned,
            answered ? c.Agent!.Agent.Id : null,
            answered ? Math.Max(1, Math.Round(c.Handle)) : null,
            resolved,
            c.Repeat,
            score);
    }
}
