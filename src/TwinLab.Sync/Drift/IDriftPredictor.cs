using TwinLab.Core.Application;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift;

/// <summary>
/// Predicts a twin's next readings from what the twin knows (its calibration, its declared expectations, a domain model),
/// so that <see cref="DriftMonitor"/> can tell whether the real counterpart still behaves as the twin says it should.
/// </summary>
/// <remarks>
/// <para>A predictor says which twins and telemetry it covers (<see cref="Covers"/>) and, for one arriving reading, gives
/// a <see cref="DriftForecast"/>: a point estimate and a prediction interval at a stated level, and a way to turn the
/// reading into a standardised residual that is standard normal while the twin fits. The monitor accumulates those
/// residuals in a CUSUM (<see cref="CusumRule"/>) and raises drift when the sum crosses its threshold.</para>
/// <para>Predictors are called on the monitor's own loop, one reading at a time, never under the twin graph's write lock;
/// they may read the graph and the store. A predictor that can also re-fit the twin to the data now available implements
/// <see cref="Recalibrate"/> (and says so with <see cref="CanRecalibrate"/>): the monitor calls it after drift when the
/// twin's automatic re-calibration is on.</para>
/// <para>Shipped: <c>expectations</c> (declared in YAML, no code), <c>hypertension</c> (the health twin's calibrated
/// blood-pressure prediction), <c>contact-centre</c> (a queue's calibrated arrival profile). Register your own with
/// <see cref="DriftPredictorCatalog"/>.</para>
/// </remarks>
public interface IDriftPredictor
{
    /// <summary>A short name shown in the drift status (<c>hypertension</c>, <c>contact-centre</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether this predictor predicts a telemetry of a twin (component <c>null</c> for the twin itself).</summary>
    bool Covers(Twin twin, string? component, string telemetry, DriftContext context);

    /// <summary>
    /// The forecast for one reading, given the series' recent evaluated readings (oldest first), or <c>null</c> when this
    /// reading says nothing about the fit (e.g. it lies inside the calibration's own data, a clinic reading where home
    /// readings are predicted, an interval expected empty that stayed empty); such readings are skipped.
    /// </summary>
    DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context);

    /// <summary>The rule that decides when the residuals of a series have diverged for long enough.</summary>
    CusumRule RuleFor(string twinId, string? component, string telemetry) => CusumRule.Default;

    /// <summary>Whether <see cref="Recalibrate"/> is implemented.</summary>
    bool CanRecalibrate => false;

    /// <summary>
    /// Re-fits the twin to the data now available after drift began at <see cref="DriftRecalibrationRequest.Since"/> and
    /// stores the result where the domain keeps it; returns what was done, or <see cref="DriftRecalibration.Pending"/>
    /// when there is not yet enough data since the change (the monitor asks again with later readings).
    /// </summary>
    /// <exception cref="NotSupportedException">The predictor cannot re-calibrate.</exception>
    DriftRecalibration Recalibrate(DriftRecalibrationRequest request, DriftContext context) =>
        throw new NotSupportedException($"The '{Name}' predictor cannot re-calibrate a twin.");

    /// <summary>Drops whatever the predictor cached about a twin (after a re-calibration or a change of its data).</summary>
    void Forget(string twinId)
    {
    }
}

/// <summary>What a predictor may use: the twin graph's current state, the service and store, and the clock.</summary>
/// <param name="Service">The twin service (reads telemetry and documents; writes re-calibrated parameters).</param>
/// <param name="Graph">Main's state when the reading is evaluated.</param>
/// <param name="Time">The clock.</param>
public sealed record DriftContext(TwinService Service, GraphSnapshot Graph, TimeProvider Time);

/// <summary>One numeric telemetry value as the monitor evaluates it.</summary>
/// <param name="TwinId">The twin.</param>
/// <param name="Component">The component, or <c>null</c>.</param>
/// <param name="Telemetry">The telemetry name.</param>
/// <param name="Time">The source time of the value.</param>
/// <param name="Value">The value.</param>
/// <param name="Sequence">The sequence number of the write that appended it.</param>
public sealed record DriftReading(string TwinId, string? Component, string Telemetry, DateTimeOffset Time, double Value, long Sequence)
{
    /// <summary>Every member of the telemetry message the value came in (same twin, component and time), by name, so a
    /// predictor can read a sibling such as a blood-pressure reading's <c>setting</c>.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Message { get; init; } =
        new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal);
}

/// <summary>An evaluated reading kept in a series' recent history.</summary>
/// <param name="Time">The reading's time.</param>
/// <param name="Value">The value.</param>
/// <param name="Expected">The forecast's point estimate.</param>
/// <param name="Z">The standardised residual.</param>
public sealed record DriftResidual(DateTimeOffset Time, double Value, double Expected, double Z);

/// <summary>What the monitor asks a predictor to re-fit.</summary>
/// <param name="TwinId">The twin.</param>
/// <param name="Component">The component, or <c>null</c>.</param>
/// <param name="Telemetry">The telemetry that drifted.</param>
/// <param name="Since">The estimated change point: the first reading of the CUSUM run that crossed the threshold. An
/// estimate: the run may have begun a little before the change, so a re-fit that must not mix the old behaviour in uses
/// the data from <paramref name="DetectedAt"/> on.</param>
/// <param name="DetectedAt">When the drift was detected (the time of the reading that crossed).</param>
/// <param name="Until">The time of the reading being judged: the re-fit uses data up to it, and the readings after it
/// (still to be judged, when the monitor catches up a backlog) are judged against the re-fitted twin.</param>
public sealed record DriftRecalibrationRequest(string TwinId, string? Component, string Telemetry, DateTimeOffset Since, DateTimeOffset DetectedAt, DateTimeOffset Until);

/// <summary>The outcome of a re-calibration.</summary>
/// <param name="Done">Whether the twin was re-fitted and stored.</param>
/// <param name="Summary">What was done (or why it waits), in the user's words.</param>
/// <param name="DataFrom">The first data time the fit used, when done.</param>
/// <param name="DataPoints">How many readings or counts the fit used.</param>
public sealed record DriftRecalibration(bool Done, string Summary, DateTimeOffset? DataFrom = null, int DataPoints = 0)
{
    /// <summary>Not yet: there is not enough data since the change; <paramref name="why"/> says what is missing.</summary>
    public static DriftRecalibration Pending(string why) => new(false, why);
}
