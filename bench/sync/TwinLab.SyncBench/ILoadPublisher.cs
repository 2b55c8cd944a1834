namespace TwinLab.SyncBench;

/// <summary>One publishing connection of the load generator, for a share of the twins.</summary>
internal interface ILoadPublisher : IAsyncDisposable
{
    /// <summary>Messages the broker acknowledged.</summary>
    long Acknowledged { get; }

    /// <summary>Messages the broker refused, or that were never acknowledged.</summary>
    long Failed { get; }

    /// <summary>Messages sent.</summary>
    long Attempted { get; }

    /// <summary>Messages sent and not yet acknowledged.</summary>
    long InFlight { get; }

    /// <summary>Publishes <paramref name="rate"/> messages a second for <paramref name="seconds"/>, then waits for every PUBACK.</summary>
    Task RunAsync(double rate, double seconds);

    /// <summary>Adds the acknowledged messages per twin index to <paramref name="perTwin"/>.</summary>
    void AddCounts(long[] perTwin);
}
