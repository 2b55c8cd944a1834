using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Health.Models;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Sync.Tests.Ingest;

/// <summary>
/// A twin in a temporary SQLite file for ingest tests: the example building (models, 18 twins, relationships) and a ward
/// of blood-pressure states (bp-ward3-01 to bp-ward3-04, health models). Reopen it to test a restart.
/// </summary>
internal sealed class IngestTwin : IDisposable
{
    private IngestTwin(string folder)
    {
        Folder = folder;
        DbPath = Path.Combine(folder, "twin.db");
    }

    public string Folder { get; }

    public string DbPath { get; }

    public TwinService Service { get; private set; } = null!;

    /// <summary>Creates the twin; <paramref name="wrap"/> may put a test store around the SQLite one.</summary>
    public static IngestTwin Create(Func<ITwinStore, ITwinStore>? wrap = null, TimeProvider? time = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"twinlab-ingest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var twin = new IngestTwin(folder);
        ITwinStore store = SqliteTwinStore.Open(twin.DbPath);
        twin.Service = new TwinService(wrap is null ? store : wrap(store), time);
        var building = Path.Combine(Repository.Root, "examples", "building");
        twin.Service.Write(g =>
        {
            g.ImportModels(Directory.GetFiles(Path.Combine(building, "models"), "*.json").Order(StringComparer.Ordinal)
                .Select(f => new DtdlSource(File.ReadAllText(f), Path.GetFileName(f))));
            g.ImportModels(HealthModels.Sources);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(building, "twins.json")));
            GraphFile.Apply(g, doc.RootElement, "twins.json");
            for (var bed = 1; bed <= 4; bed++)
            {
                using var state = JsonDocument.Parse($$"""{"$metadata":{"$model":"{{HealthModels.BloodPressureState}}"},"readingCount":0}""");
                g.CreateOrReplaceTwin($"bp-ward3-{bed:00}", state.RootElement);
            }
        });
        return twin;
    }

    /// <summary>Closes the service and opens a new one on the same file (a process restart).</summary>
    public TwinService Reopen(TimeProvider? time = null)
    {
        Service.Dispose();
        Service = new TwinService(SqliteTwinStore.Open(DbPath), time);
        return Service;
    }

    public void Dispose()
    {
        Service.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

/// <summary>The repository root (for examples/).</summary>
internal static class Repository
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "building"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "building"))) return dir.FullName;
        throw new InvalidOperationException("examples/building not found above the test directory.");
    });

    public static string Root => Found.Value;
}
