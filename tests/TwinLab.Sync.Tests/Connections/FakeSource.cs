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

    /// <summary>Makes the next source of <c>id</c> throw on its first stop and its first dispose.</summary>
    public ConcurrentDictionary<string, bool> FailStop { get; } = new();

    /// <summary>When set, every start waits for this task (or its token) after its connect loop was launched, as an MQTT
    /// source's start waits for its first connection to a slow broker.</summary>
    public Task? HoldStarts { get; set; }

    public ConnectionSourceFactory Factory => (c, context) =>
    {
        if (c.Type == ConnectionTypes.Http) return null;
        var source = new FakeSource(c, context.Sink, FailStart.TryRemove(c.Id, out var failure) ? failure : null)
        {
            Hold = HoldStarts,
        };
        if (FailStop.TryRemove(c.Id, out _)) (source.StopFailures, source.DisposeFailures) = (1, 1);
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

    public bool Disposed { get; private set; }

    /// <summary>Whether its (pretend) connect loop was launched: from the start's first moment, as in MqttSource.</summary>
    public bool Launched { get; private set; }

    /// <summary>Launched and neither stopped nor disposed: it would still be taking messages and the broker session.</summary>
    public bool Live => Launched && !Stopped && !Disposed;

    /// <summary>How many stops were tried.</summary>
    public int StopAttempts { get; private set; }

    /// <summary>How many of the next stops throw.</summary>
    public int StopFailures { get; set; }

    /// <summary>How many of the next disposals throw.</summary>
    public int DisposeFailures { get; set; }

    public Task? Hold { get; init; }

    public SourceHealth Health { get; set; } = new(ConnectionStates.Running);

    public async Task StartAsync(CancellationToken cancel)
    {
        if (failStart is not null) throw new InvalidOperationException(failStart);
        Launched = true;
        if (Hold is not null) await Hold.WaitAsync(cancel);
        Started = true;
    }

    public Task StopAsync(CancellationToken cancel)
    {
        StopAttempts++;
        if (StopFailures > 0)
        {
            StopFailures--;
            throw new IOException("the broker did not answer the disconnect");
        }
        Stopped = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (DisposeFailures > 0)
        {
            DisposeFailures--;
            throw new IOException("the client would not close");
        }
        Disposed = true;
        return ValueTask.CompletedTask;
    }

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
