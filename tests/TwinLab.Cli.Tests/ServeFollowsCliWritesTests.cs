using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace TwinLab.Cli.Tests;

/// <summary>
/// A <c>twinlab</c> command writing the database a running <c>twinlab serve</c> process serves: the server's reads show
/// the write, its live stream (<c>/events</c>) carries it, and the server's own next write succeeds.
/// </summary>
/// <remarks>Regression: the server held its state in memory as the only writer. It never saw the command's write, and its
/// next commit took the sequence number the command had taken and failed.</remarks>
public sealed class ServeFollowsCliWritesTests : IDisposable
{
    private const string Room = "dtmi:twinlab:example:Room;1";
    private const string RoomBody = """{"thermostat":{"$metadata":{}}}""";
    private readonly CliHarness _cli = new();
    private ServeProcess? _server;

    [Fact]
    public async Task Cli_write_beside_a_running_server_shows_in_its_reads_and_events_and_its_next_write_succeeds()
    {
        _cli.LoadBuilding();
        var server = _server = ServeProcess.Start(_cli.Db);
        await server.WaitReadyAsync();
        var http = server.Http;

        // A live subscriber, connected before the command writes.
        using var stream = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await stream.GetAsync(server.Url("/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = new StringBuilder();
        var reading = ServeProcess.ReadLinesAsync(await response.Content.ReadAsStreamAsync(), received);

        var (exit, _, err) = _cli.Run("twins", "create", "room-cli", "--model", Room, "--properties", RoomBody);
        Assert.True(exit == 0, err);

        // The server's next write, at once (before or after its follower ran): it catches up first, so it takes the next
        // sequence number instead of the command's.
        using (var put = await http.PutAsync(server.Url("/digitaltwins/room-server"), Json("{\"$metadata\":{\"$model\":\"" + Room + "\"},\"thermostat\":{\"$metadata\":{}}}")))
            Assert.True(put.IsSuccessStatusCode, $"the server's write failed: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}{server.Diagnostics()}");

        using (var get = await http.GetAsync(server.Url("/digitaltwins/room-cli")))
            Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET room-cli: {(int)get.StatusCode}{server.Diagnostics()}");
        await WaitForAsync(() => Contains(received, "room-cli") && Contains(received, "room-server"), "both writes on /events", server);
        var log = Snapshot(received);
        Assert.True(log.IndexOf("room-cli", StringComparison.Ordinal) < log.IndexOf("room-server", StringComparison.Ordinal), "events out of log order:\n" + log);

        // A second command write with the server idle: the follower alone brings it to readers and subscribers.
        (exit, _, err) = _cli.Run("twins", "patch", "room-cli", "--patch", """[{"op":"add","path":"/capacity","value":4242}]""");
        Assert.True(exit == 0, err);
        await WaitForAsync(() => Contains(received, "4242"), "the idle server's stream to carry the command's patch", server);
        var twin = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(server.Url("/digitaltwins/room-cli"));
        Assert.Equal(4242, twin.GetProperty("capacity").GetInt32());

        // And the other way round: the command sees the server's twin, and ETags stay one sequence.
        var shown = _cli.Json("twins", "get", "room-server");
        Assert.Equal("room-server", (string?)shown["$dtId"]);
        var history = _cli.Json("history");
        var sequences = history.AsArray().Select(e => (long)e!["sequence"]!).ToArray();
        Assert.Equal(sequences.Order().Distinct(), sequences.Order());
        _ = reading;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static bool Contains(StringBuilder log, string text) => Snapshot(log).Contains(text, StringComparison.Ordinal);

    private static string Snapshot(StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ServeProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"timed out waiting for {what}.{server.Diagnostics()}");
            if (server.HasExited) Assert.Fail($"the server ended while waiting for {what}.{server.Diagnostics()}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _server?.Dispose();
        _cli.Dispose();
    }
}
