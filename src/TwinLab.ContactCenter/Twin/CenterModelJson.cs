using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// Writes a <see cref="CenterModel"/> as JSON and reads it back, so a calibrated centre can be stored and simulated
/// later exactly as it was: the same seed gives the same results before and after a round trip.
/// </summary>
/// <remarks>
/// <para>Layout: <c>{"format": "twinlab-contact-model/1", "intervalMinutes", "queues": [{"queue", "channel",
/// "arrivalRatesPerHour": […], "handleSeconds": {"family": "lognormal", "mu", "sigma"}, "patienceSeconds": {…} | null,
/// "firstContactResolution", "repeatDelayHours", "priority"}], "roster": {…}, "satisfaction": {…} | null}</c>.</para>
/// <para>Distributions are stored by family and parameters (exponential, lognormal, gamma, weibull, normal, uniform,
/// triangular, constant, bernoulli); the satisfaction predictor as its regression terms (a
/// <see cref="Calibration.SatisfactionModel"/> reads back as a <see cref="LinearSatisfactionPredictor"/> predicting
/// identically). Anything else is refused with a <see cref="StoredTwinException"/> naming where it is.</para>
/// </remarks>
public static class CenterModelJson
{
    /// <summary>The format tag of the documents written here.</summary>
    public const string Format = "twinlab-contact-model/1";

    /// <summary>The model as JSON text.</summary>
    /// <exception cref="StoredTwinException">a distribution or the satisfaction predictor cannot be stored.</exception>
    public static string Serialize(CenterModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ToJson(model).ToJsonString();
    }

    /// <summary>The model as a JSON object.</summary>
    /// <exception cref="StoredTwinException">a distribution or the satisfaction predictor cannot be stored.</exception>
    public static JsonObject ToJson(CenterModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new JsonObject
        {
            ["format"] = Format,
            ["intervalMinutes"] = model.IntervalMinutes,
            ["queues"] = new JsonArray([.. model.Queues.Select((q, i) => (JsonNode)Queue(q, $"queues[{i}]"))]),
            ["roster"] = RosterJson.Write(model.Roster),
            ["satisfaction"] = model.Satisfaction is { } s ? SatisfactionJson.Write(s, "satisfaction") : null,
        };
    }

    /// <summary>Reads a model written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Names the document in errors.</param>
    /// <exception cref="StoredTwinException">malformed JSON, another format, or a missing, mistyped or unknown value;
    /// the message names <paramref name="source"/> and the path.</exception>
    public static CenterModel Deserialize(string json, string source = "contact model")
    {
        ArgumentNullException.ThrowIfNull(json);
        var o = StoredJson.Parse(json, source);
        StoredJson.CheckFormat(o, Format, source);
        var interval = StoredJson.Integer(o, "intervalMinutes", source);
        if (interval <= 0 || 24 * 60 % interval != 0)
            throw new StoredTwinException($"{source}.intervalMinutes: {interval} does not divide a day.");
        var queues = StoredJson.Array(o, "queues", source).Select((q, i) => ReadQueue(q, $"{source}.queues[{i}]", interval)).ToList();
        var roster = RosterJson.Read(o["roster"], $"{source}.roster");
        var satisfaction = o["satisfaction"] is { } s ? SatisfactionJson.Read(s, $"{source}.satisfaction") : null;
        return new CenterModel(interval, queues, roster, satisfaction);
    }

    /// <summary>A roster as JSON text (the <c>roster</c> part of a model document).</summary>
    public static string SerializeRoster(Roster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        return RosterJson.Write(roster).ToJsonString();
    }

    /// <summary>Reads a roster written by <see cref="SerializeRoster"/>.</summary>
    /// <exception cref="StoredTwinException">malformed JSON or a missing or mistyped value.</exception>
    public static Roster DeserializeRoster(string json, string source = "contact roster")
    {
        ArgumentNullException.ThrowIfNull(json);
        return RosterJson.Read(StoredJson.Parse(json, source), source);
    }

    private static JsonObject Queue(QueueModel q, string path) => new()
    {
        ["queue"] = q.Queue,
        ["channel"] = q.Channel.ToString().ToLowerInvariant(),
        ["arrivalRatesPerHour"] = new JsonArray([.. q.ArrivalRatesPerHour.Select(r => (JsonNode?)JsonValue.Create(r))]),
        ["handleSeconds"] = DistributionJson.Write(q.HandleSeconds, $"{path}.handleSeconds"),
        ["patienceSeconds"] = q.PatienceSeconds is { } p ? DistributionJson.Write(p, $"{path}.patienceSeconds") : null,
        ["firstContactResolution"] = q.FirstContactResolution,
        ["repeatDelayHours"] = q.RepeatDelayHours,
        ["priority"] = q.Priority,
    };

    private static QueueModel ReadQueue(JsonNode? node, string path, int intervalMinutes)
    {
        var o = StoredJson.Object(node, path);
        var channelText = StoredJson.Text(o, "channel", path);
        if (!Enum.TryParse<Channel>(channelText, ignoreCase: true, out var channel) || int.TryParse(channelText, out _))
            throw new StoredTwinException($"{path}.channel: unknown channel '{channelText}'; expected phone, chat or email.");
        var rates = StoredJson.Array(o, "arrivalRatesPerHour", path).Select((r, k) =>
            r is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw new StoredTwinException($"{path}.arrivalRatesPerHour[{k}]: expected a number.")).ToArray();
        var expected = 7 * 24 * 60 / intervalMinutes;
        if (rates.Length != expected)
            throw new StoredTwinException($"{path}.arrivalRatesPerHour: {rates.Length} values, expected {expected} (one per {intervalMinutes}-minute interval of a week).");
        Distribution? patience = o["patienceSeconds"] is { } p ? DistributionJson.Read(p, $"{path}.patienceSeconds") : null;
        return new QueueModel(
            StoredJson.Text(o, "queue", path), channel, rates,
            DistributionJson.Read(o["handleSeconds"], $"{path}.handleSeconds"), patience,
            StoredJson.Number(o, "firstContactResolution", path), StoredJson.Number(o, "repeatDelayHours", path),
            StoredJson.Integer(o, "priority", path));
    }
}
