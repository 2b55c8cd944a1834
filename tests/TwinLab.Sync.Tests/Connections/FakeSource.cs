using System.Collections.Concurrent;
using System.Text;
using TwinLab.Sync.Connections;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Tests.Connections;

/// <summary>Sources the tests drive by hand: each records its starts and stops, and sends what the test tells it to.</summary>
internal sealed class FakeSources
{
    private readonly ConcurrentDictionary<string, FakeSource> _current = new();

    /// <summary>Every source made, in order.</summary>
    public ConcurrentQueue<FakeSource> Made { get; } = new();

    /// <summary>Makes the next source of <c>id</c> fail to start with this message.</summary>
    public ConcurrentDictionary<string, string> FailStart { get; } = new();

    public ConnectionSourceFactory Factory => (c, context) =>
    {
        if (c.Type == ConnectionTypes.Http) return null;
        var source = new FakeSource(c, context.Sink, FailStart.TryRemove(c.Id, out var failure) ? failure : null);
        Made.Enqueue(source);
        _current[c.Id] = source;
        return source;
    };

    /// <summary>The latest source of a connection, or <c>null</c>.</summary>
    public FakeSource? Of(string id) => _current.GetValueOrDefault(id);
}

internal sealed class FakeSource(ConnectionDefinition definition, IIngestSink sink, string? failStart) : IConnectionSource
{
    public ConnectionDefinition Definition { get; } = definition;

    public bool Started { get; private set; }

    public bool Stopped { get; private set; }

    public SourceHealth Health { get; set; } = new(ConnectionStates.Running);

    public Task StartAsync(CancellationToken cancel)
    {
        if (failStart is not null) throw new InvalidOperationException(failStart);
        Started = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancel)
    {
        Stopped = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Hands a message to the pipeline as the real source would, and returns its fate.</summary>
    public async Task<IngestResult> SendAsync(string payload, string topic = "t", string? key = null)
    {
        var fate = new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await sink.SubmitAsync(new InboundMessage(Definition.Id, topic, Encoding.UTF8.GetBytes(payload), $"topic {topic}", DateTimeOffset.UtcNow)
        {
            Key = key,
            Acknowledge = r =>
            {
                fate.TrySetResult(r);
                return ValueTask.CompletedTask;
            },
        });
        return await fate.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
