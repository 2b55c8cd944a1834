using Microsoft.Extensions.Logging;
using TwinLab.Core.Twins;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Connections;

/// <summary>What runs a connection's intake: an MQTT subscription or a folder watcher, handing messages to a sink.</summary>
/// <remarks>Started once and stopped once; pausing a connection stops its source and resuming starts a new one (an MQTT
/// source keeps its persistent session at the broker meanwhile).</remarks>
internal interface IConnectionSource : IAsyncDisposable
{
    /// <summary>Starts receiving; returns once started (connecting may go on in the background).</summary>
    Task StartAsync(CancellationToken cancel);

    /// <summary>Stops receiving, letting messages already handed over finish where the source supports it.</summary>
    Task StopAsync(CancellationToken cancel);

    /// <summary>How the source is doing now.</summary>
    SourceHealth Health { get; }
}

/// <summary>A source's state as shown (one of <see cref="ConnectionStates"/>), its errors and the last one.</summary>
internal sealed record SourceHealth(string State, long Errors = 0, string? LastError = null, DateTimeOffset? LastErrorTime = null);

/// <summary>What a source is made with.</summary>
/// <param name="Sink">Where it hands its messages.</param>
/// <param name="Mapping">The connection's mapping (a folder source reads its CSV layout and format from it).</param>
/// <param name="Store">The database (a folder source keeps its file checkpoints there).</param>
/// <param name="Time">The clock.</param>
/// <param name="Log">Where the source logs its connection changes and errors.</param>
internal sealed record SourceContext(IIngestSink Sink, MessageMapping Mapping, ITwinStore Store, TimeProvider Time, ILogger Log);

/// <summary>Makes the source of a connection; <c>null</c> for a connection with nothing to run (<c>http</c>: its
/// messages are posted).</summary>
internal delegate IConnectionSource? ConnectionSourceFactory(ConnectionDefinition connection, SourceContext context);
