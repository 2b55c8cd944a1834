using System.Diagnostics;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

/// <summary>
/// A process that keeps a database open (a server) while it opens the same file again (the audit log, a second store)
/// and other processes (<c>twinlab</c> commands) open and close it: no commit of the first store is lost.
/// </summary>
/// <remarks>
/// Regression: opening a second store read the file's header with a plain file handle, and closing that handle dropped
/// every POSIX lock the process held on the file, so the next process to close the file deleted its WAL while the first
/// store was still writing to it; what the first store committed afterwards was gone after a restart.
/// </remarks>
public sealed class SharedDatabaseFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-shared-file-").FullName;

    private string Db => Path.Combine(_dir, "shared.db");

    [SkippableTheory]
    [InlineData("twin store")]
    [InlineData("audit log")]
    public void Commits_after_this_process_reopens_the_file_and_another_closes_it_are_kept(string secondOpen)
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX advisory locks are a Unix matter.");
        // A store that only saves documents (as a server delivering routes does: cursors, endpoints), so nothing but
        // SQLite's own locks keeps its commits in the shared WAL.
        using (var store = SqliteTwinStore.Open(Db))
        {
            var endpoints = new EndpointStore(store);
            endpoints.Put(Hook("first"));

            // This process opens the file a second time, as a server does for its audit log.
            if (secondOpen == "twin store")
                SqliteTwinStore.Open(Db).Dispose();
            else
                SqliteAuditStore.Open(Db).Dispose();

            // Another process opens and closes it (a twinlab command), then this one commits more, and yet another process
            // reads it while this one still has it open (as a server that is killed never closes it): all of it is there.
            RunTwinlab("endpoints", "list");
            endpoints.Put(Hook("second"));
            endpoints.Put(Hook("third"));
            var listed = RunTwinlab("--json", "endpoints", "list");
            foreach (var name in new[] { "first", "second", "third" })
                Assert.Contains($"\"{name}\"", listed);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var reopened = SqliteTwinStore.Open(Db);
        Assert.Equal(["first", "second", "third"], new EndpointStore(reopened).List().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Once_every_store_of_the_file_is_closed_its_header_is_checked_again()
    {
        // The check is skipped while a store of this process holds the file; a holder left behind by a closed or failed
        // open would let SQLite take a short foreign file for an empty database and write over it.
        SqliteTwinStore.Open(Db).Dispose();
        SqliteAuditStore.Open(Db).Dispose();
        File.Delete(Db);
        File.WriteAllText(Db, "{}");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var ex = Assert.Throws<TwinLab.Core.Errors.TwinLabException>(() => SqliteTwinStore.Open(Db));
            Assert.Contains("not a SQLite database", ex.Message);
            Assert.Throws<TwinLab.Core.Errors.TwinLabException>(() => SqliteAuditStore.Open(Db));
        }
        Assert.Equal("{}", File.ReadAllText(Db));
    }

    private static EndpointDefinition Hook(string name) => new(name, EndpointTypes.Webhook) { Url = $"http://127.0.0.1:9/{name}" };

    private string RunTwinlab(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var info = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "twinlab.dll"), "--db", Db }.Concat(args))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("twinlab did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "twinlab did not finish within 60 s");
        Assert.True(process.ExitCode == 0, $"twinlab {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
