using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>What became of one delivery attempt.</summary>
internal enum SendStatus
{
    /// <summary>The receiver took the event (HTTP 2xx, MQTT PUBACK).</summary>
    Delivered,

    /// <summary>A failure that may pass (timeout, refused connection, 408, 429, 5xx): try again later.</summary>
    Retry,

    /// <summary>The receiver refused the event for good (another 4xx, a 3xx, a refused topic): dead-letter it now.</summary>
    Reject,
}

/// <summary>The outcome of one attempt.</summary>
/// <param name="Status">Delivered, retry or reject.</param>
/// <param name="Reason">Why it failed (status code, exception), for the state and the dead letter.</param>
/// <param name="RetryAfter">How long the receiver asked to wait (<c>Retry-After</c>), if it did.</param>
internal readonly record struct SendOutcome(SendStatus Status, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static SendOutcome Delivered { get; } = new(SendStatus.Delivered);

    public static SendOutcome Retry(string reason, TimeSpan? retryAfter = null) => new(SendStatus.Retry, reason, retryAfter);

    public static SendOutcome Reject(string reason) => new(SendStatus.Reject, reason);
}

/// <summary>Sends events to one endpoint; one instance per endpoint definition, used by one route worker at a time.</summary>
internal interface IEndpointSender : IAsyncDisposable
{
    /// <summary>The definition this sender was made for.</summary>
    EndpointDefinition Endpoint { get; }

    /// <summary>Makes one attempt to deliver <paramref name="e"/>; never throws for a delivery failure.</summary>
    Task<SendOutcome> SendAsync(TwinLabEvent e, CancellationToken cancel);
}
