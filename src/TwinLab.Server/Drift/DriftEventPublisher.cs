using TwinLab.Core.Application;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Sync.Drift;

namespace TwinLab.Server.Drift;

/// <summary>
/// Turns the monitor's drift events into CloudEvents of type <see cref="TwinLabEventTypes.TwinDrift"/> and hands them to
/// the durable route outbox (<see cref="IRoutedEventOutbox"/>, so routes deliver them like any other event) and to the
/// live stream (<c>/events</c>).
/// </summary>
/// <remarks>The event's id is unique per series, detection and reason, so a receiver can de-duplicate a redelivery; its
/// subject is the twin id, its <c>dataschema</c> the twin's model, its time that of the reading (or re-calibration) that
/// caused it. The drift itself is also recorded in the series' episodes (<c>GET /drift/{twinId}</c>).</remarks>
internal sealed class DriftEventPublisher(TwinService service, IEventPublisher hub, EventStreamOptions options, ILogger<DriftEventPublisher> logger,
    IRoutedEventOutbox? outbox = null) : IDriftEventSink
{
    /// <summary>The CloudEvent for a drift event.</summary>
    public TwinLabEvent ToCloudEvent(DriftEvent e) =>
        new(e.Id, TwinLabEventTypes.TwinDrift, options.OriginOf(null).Source, e.TwinId, e.Time, DriftJson.Event(e))
        {
            TwinId = e.TwinId,
            Branch = Core.History.BranchInfo.Main,
            DataSchema = service.Snapshot.Twins.TryGetValue(e.TwinId, out var twin) ? twin.ModelId : null,
        };

    /// <inheritdoc />
    public void Publish(DriftEvent e)
    {
        var cloudEvent = ToCloudEvent(e);
        logger.LogInformation("Drift: {Twin} {Telemetry} {Reason} ({Predictor}, statistic {Statistic:0.0} of {Threshold:0.0}, since {Since:O})",
            e.TwinId, e.Telemetry, e.Reason, e.Predictor, e.Statistic, e.Threshold, e.Since);
        // The outbox first: it is durable, and the live stream is best effort.
        outbox?.Enqueue(cloudEvent);
        hub.Publish(cloudEvent);
    }
}
