using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.Connections;

namespace TwinLab.Sync.Tests.Connections;

/// <summary>
/// A database for the connection tests: an SQLite file with a Sensor model (telemetry <c>temperature</c> and <c>seq</c>)
/// and twins <c>sensor-0</c>…, opened by a <see cref="TwinService"/> (the server's side); <see cref="OpenOther"/> opens
/// it again as another process (the CLI) would.
/// </summary>
internal sealed class LiveTwin : IDisposable
{
    public const string ModelId = "dtmi:twinlab:test:Sensor;1";

    /// <summary>Maps <c>{"device": "sensor-1", "seq": 3, "t": 20.5}</c> to the device's telemetry, keyed by device and seq.</summary>
    public const string Mapping = """
        rules:
          - name: reading
            twin: $.device
            key: "{$.device}/{$.seq}"
            telemetry:
              temperature: $.t
              seq: $.seq
        """;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("twinlab-connections-").FullName;

    public LiveTwin(int twins = 3)
    {
        Service = new TwinService(SqliteTwinStore.Open(DbPath));
        Service.Write(graph =>
        {
            graph.ImportModels([new DtdlSource($$$"""
                {"@id":"{{{ModelId}}}","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[
                  {"@type":"Telemetry","name":"temperature","schema":"double"},
                  {"@type":"Telemetry","name":"seq","schema":"long"}]}
                """, "sensor.json")]);
            for (var i = 0; i < twins; i++) CreateTwin(graph, TwinId(i));
        });
    }

    public string DbPath => Path.Combine(_directory, "twin.db");

    public string Directory => _directory;

    public TwinService Service { get; }

    public static string TwinId(int i) => "sensor-" + i.ToString(CultureInfo.InvariantCulture);

    public static string Reading(string device, long seq, double t) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"device":"{{device}}","seq":{{seq}},"t":{{t}}}""");

    public static void CreateTwin(TwinLab.Core.Twins.TwinGraph graph, string id)
    {
        using var body = JsonDocument.Parse($$$"""{"$metadata":{"$model":"{{{ModelId}}}"}}""");
        graph.CreateOrReplaceTwin(id, body.RootElement);
    }

    /// <summary>The database opened again, as another process would (dispose it).</summary>
    public SqliteTwinStore OpenOther() => SqliteTwinStore.Open(DbPath);

    /// <summary>An http connection with <see cref="Mapping"/>.</summary>
    public static ConnectionDefinition Http(string id) => new(id, ConnectionTypes.Http, Mapping, "readings.yaml");

    /// <summary>The sequence numbers of a twin's <c>seq</c> telemetry, in stored order.</summary>
    public IReadOnlyList<long> SequencesOf(string twinId) =>
        [.. Service.ReadTelemetry(twinId, "seq", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(p => p.Value.GetInt64())];

    /// <summary>Waits (up to 30 s) for <paramref name="condition"/>; fails naming <paramref name="what"/>.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        Service.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
