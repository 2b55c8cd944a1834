using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Benchmarks;

/// <summary>
/// Append throughput of the PostgreSQL store against SQLite: single-twin patches through <see cref="TwinService"/>, one
/// event per transaction (time per operation = per event), and telemetry appended straight to the store in writes of
/// 1,000 points (time per operation = per point).
/// </summary>
/// <remarks>
/// <para><c>postgres</c> commits durably (PostgreSQL's default <c>synchronous_commit=on</c>: each commit waits for its WAL
/// flush). <c>postgres-async</c> sets <c>synchronous_commit=off</c> for the store's connections — closer to SQLite's
/// <c>synchronous=NORMAL</c>: a crash may lose the last commits, never consistency.</para>
/// <para>PostgreSQL runs from <c>TWINLAB_POSTGRES</c> (see <c>.ci/postgres.sh</c>); each run uses a fresh schema and
/// drops it. Run: <c>dotnet run -c Release --project bench/TwinLab.Benchmarks -- --filter '*PostgresAppend*' --job short</c>.</para>
/// </remarks>
[MemoryDiagnoser]
public class PostgresAppendBenchmarks
{
    private const int PatchesPerInvoke = 500;
    private const int TelemetryWritesPerInvoke = 20;
    private const int PointsPerWrite = 1000;

    private string _path = "";
    private string _schema = "";
    private ITwinStore _store = null!;
    private TwinService _service = null!;
    private IReadOnlyList<JsonPatchOperation>[] _patches = null!;
    private TelemetryPoint[][] _telemetry = null!;
    private int _next;
    private long _version;

    /// <summary>The store: <c>sqlite</c>, <c>postgres</c> or <c>postgres-async</c>.</summary>
    [Params("sqlite", "postgres", "postgres-async")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "sqlite")
        {
            _path = Path.Combine(Path.GetTempPath(), $"twinlab-pgbench-{Guid.NewGuid():N}.db");
            _store = SqliteTwinStore.Open(_path);
        }
        else
        {
            var cs = Environment.GetEnvironmentVariable("TWINLAB_POSTGRES")
                ?? throw new InvalidOperationException("Set TWINLAB_POSTGRES (eval \"$(bash .ci/postgres.sh)\") to benchmark PostgreSQL.");
            if (Store == "postgres-async") cs += ";Options=-c synchronous_commit=off";
            _schema = $"twinlab_bench_{Guid.NewGuid():N}";
            _store = PostgresTwinStore.Open(cs, _schema);
        }
        _service = new TwinService(_store);
        _service.Write(g =>
        {
            g.ImportModels([new DtdlSource(SyntheticCampus.Models, "bench-models.json")]);
            for (var i = 0; i < 1000; i++)
                g.CreateOrReplaceTwin($"room-{i}", JsonDocument.Parse($$"""{"$metadata":{"$model":"dtmi:bench:Room;1"},"name":"Room {{i}}","temperature":21.0}""").RootElement);
        });
        _patches = Enumerable.Range(0, 256).Select(i =>
            (IReadOnlyList<JsonPatchOperation>)[JsonPatchOperation.Replace("/temperature", JsonSerializer.SerializeToElement(18 + i * 0.03))]).ToArray();
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        _telemetry = Enumerable.Range(0, TelemetryWritesPerInvoke).Select(w => Enumerable.Range(0, PointsPerWrite)
            .Select(i => new TelemetryPoint($"sensor-{i % 50}", null, i % 2 == 0 ? "temperature" : "humidity", start.AddSeconds(w * PointsPerWrite + i),
                JsonSerializer.SerializeToElement(20 + i % 100 * 0.1)))
            .ToArray()).ToArray();
        _version = _service.Snapshot.Version;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _service.Dispose();
        if (_path.Length > 0)
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        if (_schema.Length > 0)
        {
            using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("TWINLAB_POSTGRES"));
            connection.Open();
            using var cmd = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE;", connection);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>One validated patch of one twin per write: one event, one transaction.</summary>
    [Benchmark(OperationsPerInvoke = PatchesPerInvoke)]
    public void SingleTwinPatch()
    {
        for (var k = 0; k < PatchesPerInvoke; k++)
        {
            var n = _next++;
            _service.Write(g => g.UpdateTwin($"room-{n % 1000}", _patches[n & 255]));
        }
    }

    /// <summary>Telemetry in writes of 1,000 points (one event each); one point per operation.</summary>
    [Benchmark(OperationsPerInvoke = TelemetryWritesPerInvoke * PointsPerWrite)]
    public void Telemetry1000()
    {
        foreach (var points in _telemetry)
            _store.Append(BranchInfo.Main, [new TelemetryAppended(points)], ++_version, WriteContext.Default, DateTimeOffset.UtcNow);
    }
}
