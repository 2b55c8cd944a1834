using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Tests.Hosting;

/// <summary>Two <see cref="PostgresLease"/>s on one schema: one holds, the other takes over when the holder gives it up;
/// a lease of another schema is not contended. Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresLeaseTests : IDisposable
{
    private const string Variable = "TWINLAB_POSTGRES";
    private const string HowToRun =
        "Needs a PostgreSQL server: export TWINLAB_POSTGRES='Host=127.0.0.1;Port=55432;Username=twinlab;Password=twinlab;Database=twinlab' " +
        "(`eval \"$(bash .ci/postgres.sh)\"` starts one and sets it; .ci/run does both).";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly string _schema = $"twinlab_test_{Guid.NewGuid():N}";
    private readonly List<PostgresLease> _leases = [];

    [SkippableFact]
    public async Task OneOfTwoHolds_TheOtherTakesOverWhenItStops_AndBothNameTheHolder()
    {
        var first = await StartAsync(_schema);
        await WaitForAsync(() => first.IsHeld, "the first lease to be taken");
        var second = await StartAsync(_schema);
        var changed = 0;
        second.Changed += () => Interlocked.Increment(ref changed);
        await Task.Delay(Interval * 5);
        Assert.False(second.IsHeld);
        Assert.Equal(first.Node, first.Holder());
        Assert.Equal(first.Node, second.Holder()); // both run in this process: same HOST/PID, read from pg_locks

        await first.StopAsync(CancellationToken.None);
        Assert.False(first.IsHeld);
        await WaitForAsync(() => second.IsHeld, "the second lease to take over");
        // Announced once: the handlers hear of it just after the lease shows as held.
        await WaitForAsync(() => Volatile.Read(ref changed) >= 1, "the second lease to announce the change");
        await Task.Delay(Interval * 3);
        Assert.Equal(1, Volatile.Read(ref changed));

        // Another schema's lease is another lock.
        var elsewhere = await StartAsync(_schema + "_other");
        await WaitForAsync(() => elsewhere.IsHeld, "another schema's lease");
        Assert.True(second.IsHeld);
    }

    private async Task<PostgresLease> StartAsync(string schema)
    {
        var connection = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(connection))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("CI=true but " + HowToRun);
            Skip.If(true, HowToRun);
        }
        var settings = new ServerSettings("x.db", true, ["http://127.0.0.1:5080"])
        {
            Store = StoreKind.Postgres, PostgresConnection = connection, PostgresSchema = schema, LeaseInterval = Interval,
        };
        var lease = new PostgresLease(settings, TimeProvider.System, NullLogger<PostgresLease>.Instance);
        _leases.Add(lease);
        await lease.StartAsync(CancellationToken.None);
        return lease;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        foreach (var lease in _leases)
        {
            lease.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            lease.Dispose();
        }
        NpgsqlConnection.ClearAllPools();
    }
}
