using System.Text;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Sync.Connections;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Tests.Connections;

public sealed class ConnectionManagerTests : IDisposable
{
    private readonly LiveTwin _twin = new();
    private readonly FakeSources _sources = new();

    private static readonly ConnectionManagerOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        RetryFailedAfter = TimeSpan.FromMilliseconds(200),
        Host = "test host",
    };

    private ConnectionManager Manager() => new(_twin.Service, Fast, null, _sources.Factory);

    private static ConnectionDefinition Mqtt(string id, params string[] topics) => new(id, ConnectionTypes.Mqtt, LiveTwin.Mapping, "readings.yaml")
    {
        Mqtt = new MqttSettings("mqtt://127.0.0.1:1883", topics.Length == 0 ? ["plant/#"] : topics, "twinlab-" + id),
    };

    private static ReadOnlyMemory<byte> Line(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose() => _twin.Dispose();

    [Fact]
    public async Task Manager_PicksUpConnectionsChangedByAnotherProcess_WithinAPoll()
    {
        await using var manager = Manager();
        await manager.StartAsync();
        using var cliStore = _twin.OpenOther();
        var cli = new ConnectionStore(cliStore);

        cli.Add(Mqtt("plant"));
        await LiveTwin.WaitForAsync(() => _sources.Of("plant") is { Started: true }, "the new connection to start");
        var first = _sources.Of("plant")!;
        Assert.Equal(IngestStatus.Applied, (await first.SendAsync(LiveTwin.Reading("sensor-0", 1, 20.5))).Status);
        Assert.Equal([1L], _twin.SequencesOf("sensor-0"));
        Assert.Equal("test host", ConnectionHost.Running(cliStore, DateTimeOffset.UtcNow));
        await LiveTwin.WaitForAsync(() => cli.StatusOf("plant") is { Applied: 1, State: ConnectionStates.Running }, "the status to show the applied message");

        cli.Pause("plant");
        await LiveTwin.WaitForAsync(() => first.Stopped, "the paused connection's source to stop");
        await LiveTwin.WaitForAsync(() => cli.StatusOf("plant") is { State: ConnectionStates.Paused }, "the status to say paused");

        cli.Resume("plant");
        await LiveTwin.WaitForAsync(() => _sources.Of("plant") is { Started: true } s && s != first, "a new source after resume");

        var resumed = _sources.Of("plant")!;
        cli.Put(Mqtt("plant", "site/+/readings"));
        await LiveTwin.WaitForAsync(() => resumed.Stopped && _sources.Of("plant") is { Started: true } s && s != resumed, "a restart with the new settings");
        Assert.Equal(["site/+/readings"], _sources.Of("plant")!.Definition.Mqtt!.Topics);

        var last = _sources.Of("plant")!;
        cli.Remove("plant");
        await LiveTwin.WaitForAsync(() => last.Stopped && manager.StatusOf("plant") is null, "the removed connection to stop");
        await Task.Delay(Fast.PollInterval * 4);
        Assert.Null(cli.StatusOf("plant"));

        cli.Add(LiveTwin.Http("lab"));
        await LiveTwin.WaitForAsync(() => cli.StatusOf("lab") is { State: ConnectionStates.Running }, "the http connection to run");
        await manager.DisposeAsync();
        Assert.Null(ConnectionHost.Running(cliStore, DateTimeOffset.UtcNow));
        Assert.Equal(ConnectionStates.NotRunning, cli.StatusOf("lab")!.State);
    }

    [Fact]
    public async Task Standby_StopsSourcesAndLeavesStatusesAndHeartbeatToTheActiveProcess_HttpStillTakesPosts_ActiveStartsThemAgain()
    {
        // The process holding the work lease: runs the sources, writes statuses and the heartbeat.
        await using var active = Manager();
        active.Connections.Add(Mqtt("plant"));
        active.Connections.Add(LiveTwin.Http("lab"));
        using var otherStore = _twin.OpenOther();
        var otherSources = new FakeSources();
        await using var standby = new ConnectionManager(new TwinLab.Core.Application.TwinService(otherStore), Fast with { Host = "other host" }, null, otherSources.Factory);
        await standby.SetActiveAsync(false);
        await active.StartAsync();
        await standby.StartAsync();
        await LiveTwin.WaitForAsync(() => _sources.Of("plant") is { Started: true }, "the active process to start the source");
        await Task.Delay(Fast.PollInterval * 4);

        Assert.False(standby.IsActive);
        Assert.Empty(otherSources.Made);
        Assert.Null(standby.StatusOf("plant")); // the active process's stored status tells
        Assert.Equal("test host", ConnectionHost.Running(otherStore, DateTimeOffset.UtcNow));
        Assert.Equal("test host", standby.Connections.StatusOf("plant")!.Host);
        // An http connection takes posts on any server: the store de-duplicates across them.
        var posted = await standby.SubmitAsync("lab", [Line(LiveTwin.Reading("sensor-0", 1, 20.5))], "post-1", CancellationToken.None);
        Assert.Equal(IngestStatus.Applied, posted[0].Status);
        Assert.Equal(IngestStatus.Duplicate, (await active.SubmitAsync("lab", [Line(LiveTwin.Reading("sensor-0", 1, 20.5))], "post-1", CancellationToken.None))[0].Status);

        // The active process loses the lease and the standby one takes it: the source moves.
        var first = _sources.Of("plant")!;
        await active.SetActiveAsync(false);
        Assert.True(first.Stopped);
        await standby.SetActiveAsync(true);
        Assert.True(otherSources.Of("plant") is { Started: true });
        await LiveTwin.WaitForAsync(() => standby.Connections.StatusOf("plant")?.Host == "other host", "the new runner's status");
        await Task.Delay(Fast.PollInterval * 4);
        Assert.Same(first, _sources.Of("plant")); // not started again on the process on standby
        Assert.Equal("other host", ConnectionHost.Running(otherStore, DateTimeOffset.UtcNow));

        // Stopping the process on standby leaves the runner's heartbeat and statuses alone.
        await active.DisposeAsync();
        Assert.Equal("other host", ConnectionHost.Running(otherStore, DateTimeOffset.UtcNow));
        Assert.Equal(ConnectionStates.Running, standby.Connections.StatusOf("plant")!.State);
    }

    [Fact]
    public async Task AStartWaitingForASlowBroker_IsNotCutShortByAnAbortedRequest_SoTheSourceIsRecordedAndStandbyStopsIt()
    {
        // No polling loop: the request's refresh is the one that starts the source.
        await using var manager = Manager();
        var broker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sources.HoldStarts = broker.Task;
        manager.Connections.Add(Mqtt("plant"));
        using var request = new CancellationTokenSource();
        var refresh = manager.RefreshAsync(request.Token);
        await LiveTwin.WaitForAsync(() => _sources.Of("plant") is { Launched: true }, "the start to wait for the slow broker");

        await request.CancelAsync(); // the client gave up on its PUT or resume
        broker.SetResult();
        await refresh.WaitAsync(TimeSpan.FromSeconds(10)); // the start went on: the request's token only guards the wait for the gate
        Assert.Equal(ConnectionStates.Running, manager.StatusOf("plant")!.State);

        // The lease goes: the source the aborted request started is known, so it stops.
        await manager.SetActiveAsync(false);
        Assert.All(_sources.Made, s => Assert.False(s.Live, "a source still runs on standby"));
    }

    [Fact]
    public async Task DisposingDuringAStartThatNeverConnects_CutsItShort_AndDisposesTheSource()
    {
        var manager = Manager();
        await using var _ = manager;
        _sources.HoldStarts = new TaskCompletionSource().Task; // the broker never answers
        manager.Connections.Add(Mqtt("plant"));
        var refresh = manager.RefreshAsync();
        await LiveTwin.WaitForAsync(() => _sources.Of("plant") is { Launched: true }, "the start to wait for the broker");

        await manager.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refresh.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(_sources.Of("plant")!.Live, "the source given up on was left running");
    }

    [Fact]
    public async Task Standby_AStopThatFails_StillStopsTheOthers_AndThePollOnStandbyStopsItAgain()
    {
        await using var manager = Manager();
        string[] ids = ["a", "b", "c"];
        foreach (var id in ids)
        {
            manager.Connections.Add(Mqtt(id));
            _sources.FailStop[id] = true; // its first stop and its first dispose throw
        }
        await manager.StartAsync();
        Assert.All(ids, id => Assert.True(_sources.Of(id) is { Started: true }));

        await manager.SetActiveAsync(false); // logs the failures instead of giving up at the first
        Assert.False(manager.IsActive);
        Assert.All(ids, id => Assert.Equal(1, _sources.Of(id)!.StopAttempts));
        await LiveTwin.WaitForAsync(() => ids.All(id => !_sources.Of(id)!.Live), "the poll on standby to stop the sources left running");
        Assert.Equal(ids.Length, _sources.Made.Count); // and nothing started again on standby
    }

    [Fact]
    public async Task HttpConnection_AppliesGoodLines_DeadLettersBadOnes_AndARetriedPostAppliesNothingTwice()
    {
        await using var manager = Manager();
        manager.Connections.Add(LiveTwin.Http("lab"));
        await manager.StartAsync();
        ReadOnlyMemory<byte>[] post =
        [
            Line(LiveTwin.Reading("sensor-0", 1, 20.5)),
            Line("""{"device":"sensor-0","seq":"""),
            Line(LiveTwin.Reading("sensor-9", 1, 20.5)),
            Line(LiveTwin.Reading("sensor-1", 1, 21.5)),
        ];

        var results = await manager.SubmitAsync("lab", post, "post-1", CancellationToken.None);
        Assert.Equal([IngestStatus.Applied, IngestStatus.DeadLettered, IngestStatus.DeadLettered, IngestStatus.Applied], results.Select(r => r.Status));
        Assert.Contains("not valid JSON", results[1].Reason);
        Assert.Contains("sensor-9", results[2].Reason);

        var again = await manager.SubmitAsync("lab", post, "post-1", CancellationToken.None);
        Assert.Equal([IngestStatus.Duplicate, IngestStatus.DeadLettered, IngestStatus.DeadLettered, IngestStatus.Duplicate], again.Select(r => r.Status));
        Assert.Equal([1L], _twin.SequencesOf("sensor-0"));
        Assert.Equal([1L], _twin.SequencesOf("sensor-1"));
        Assert.Equal(2, manager.DeadLetters.Count("lab"));
        var status = manager.StatusOf("lab")!;
        Assert.Equal((8, 2, 2, 4, 0), (status.Received, status.Applied, status.Duplicates, status.DeadLettered, status.Queued));
        Assert.Contains("sensor-9", status.LastError);
        Assert.NotNull(status.LatencyP99Ms);

        manager.Connections.Add(Mqtt("plant"));
        manager.Connections.Pause("lab");
        await manager.RefreshAsync();
        Assert.Equal(ConnectionManager.ConnectionPaused,
            (await Assert.ThrowsAsync<TwinLabException>(() => manager.SubmitAsync("lab", post, null, CancellationToken.None))).Code);
        Assert.Equal(ConnectionManager.ConnectionNotHttp,
            (await Assert.ThrowsAsync<TwinLabException>(() => manager.SubmitAsync("plant", post, null, CancellationToken.None))).Code);
        Assert.Equal(ConnectionStore.ConnectionNotFound,
            (await Assert.ThrowsAsync<TwinLabException>(() => manager.SubmitAsync("nope", post, null, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task Replay_AfterTheCauseIsFixed_AppliesAndDeletesTheLetter_AndAFailingOneIsKeptOnce()
    {
        await using var manager = Manager();
        manager.Connections.Add(LiveTwin.Http("lab"));
        await manager.StartAsync();
        await manager.SubmitAsync("lab", [Line(LiveTwin.Reading("sensor-9", 7, 19)), Line("""{"device":"sensor-0"}""")], "p", CancellationToken.None);
        var letters = manager.DeadLetters.List("lab");
        Assert.Equal(2, letters.Count);
        var missingTwin = letters.Single(l => l.Reason.Contains("sensor-9"));
        var missingField = letters.Single(l => l != missingTwin);
        Assert.Contains("$.t", missingField.Reason);

        _twin.Service.Write(g => LiveTwin.CreateTwin(g, "sensor-9"));
        var replayed = await manager.ReplayAsync(missingTwin.Id);
        Assert.Equal(IngestStatus.Applied, replayed.Status);
        Assert.Null(manager.DeadLetters.Get(missingTwin.Id));
        Assert.Equal([7L], _twin.SequencesOf("sensor-9"));
        Assert.Equal(DeadLetterReplay.DeadLetterNotFound, (await Assert.ThrowsAsync<TwinLabException>(() => manager.ReplayAsync(missingTwin.Id))).Code);

        var failed = await manager.ReplayAsync(missingField.Id);
        Assert.Equal(IngestStatus.DeadLettered, failed.Status);
        Assert.Contains("$.t", failed.Reason);
        Assert.Single(manager.DeadLetters.List("lab"));

        manager.Connections.Remove("lab");
        await manager.RefreshAsync();
        var kept = Assert.Single(manager.DeadLetters.List("lab"));
        var e = await Assert.ThrowsAsync<TwinLabException>(() => manager.ReplayAsync(kept.Id));
        Assert.Equal(DeadLetterReplay.DeadLetterNotReplayable, e.Code);
        Assert.Contains("not a connection", e.Message);
    }

    [Fact]
    public async Task ReplayRequestedByAnotherProcess_IsDoneByTheRunningManager()
    {
        await using var manager = Manager();
        manager.Connections.Add(LiveTwin.Http("lab"));
        await manager.StartAsync();
        await manager.SubmitAsync("lab", [Line(LiveTwin.Reading("sensor-7", 3, 19))], null, CancellationToken.None);
        var letter = Assert.Single(manager.DeadLetters.List("lab"));
        _twin.Service.Write(g => LiveTwin.CreateTwin(g, "sensor-7"));

        using var cliStore = _twin.OpenOther();
        Assert.NotNull(ConnectionHost.Running(cliStore, DateTimeOffset.UtcNow));
        ReplayRequests.Request(cliStore, letter.Id, DateTimeOffset.UtcNow);
        var outcome = await ReplayRequests.WaitAsync(cliStore, letter.Id, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(IngestStatus.Applied, outcome!.Status);
        Assert.Equal([3L], _twin.SequencesOf("sensor-7"));
        Assert.Empty(cliStore.ListDocuments(ReplayRequests.DocumentKind));

        ReplayRequests.Request(cliStore, "deadletter-nope", DateTimeOffset.UtcNow);
        var e = await Assert.ThrowsAsync<TwinLabException>(() => ReplayRequests.WaitAsync(cliStore, "deadletter-nope", TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(DeadLetterReplay.DeadLetterNotFound, e.Code);
    }

    [Fact]
    public async Task ReplayHere_WithoutARunningManager_UsesTheStoredMapping()
    {
        await using (var manager = Manager())
        {
            manager.Connections.Add(LiveTwin.Http("lab"));
            await manager.StartAsync();
            await manager.SubmitAsync("lab", [Line(LiveTwin.Reading("sensor-5", 1, 19))], null, CancellationToken.None);
        }
        var letter = Assert.Single(new Sync.DeadLetters.DeadLetterStore(_twin.Service.Store).List("lab"));
        _twin.Service.Write(g => LiveTwin.CreateTwin(g, "sensor-5"));
        var outcome = await DeadLetterReplay.ReplayHereAsync(_twin.Service, letter.Id, CancellationToken.None);
        Assert.Equal(IngestStatus.Applied, outcome.Status);
        Assert.Equal([1L], _twin.SequencesOf("sensor-5"));
        Assert.Equal(0, new Sync.DeadLetters.DeadLetterStore(_twin.Service.Store).Count());
    }

    [Fact]
    public async Task AConnectionThatCannotStart_IsShownFailed_AndTriedAgain()
    {
        await using var manager = Manager();
        _sources.FailStart["plant"] = "the password variable PLANT_PW is not set";
        manager.Connections.Add(Mqtt("plant"));
        await manager.StartAsync();
        var failed = manager.StatusOf("plant")!;
        Assert.Equal(ConnectionStates.Failed, failed.State);
        Assert.Contains("PLANT_PW", failed.LastError);
        Assert.Equal(1, failed.Errors);
        await LiveTwin.WaitForAsync(() => manager.StatusOf("plant") is { State: ConnectionStates.Running }, "the retry to start it");
        Assert.Contains("PLANT_PW", manager.StatusOf("plant")!.LastError);

        _sources.Of("plant")!.Health = new SourceHealth(ConnectionStates.Reconnecting, 3, "connection refused", DateTimeOffset.UtcNow.AddSeconds(1));
        var reconnecting = manager.StatusOf("plant")!;
        Assert.Equal(ConnectionStates.Reconnecting, reconnecting.State);
        Assert.Equal(4, reconnecting.Errors);
        Assert.Equal("connection refused", reconnecting.LastError);
    }

    [Fact]
    public async Task AStoredMappingThatNoLongerParses_MarksOnlyThatConnectionFailed()
    {
        await using var manager = Manager();
        manager.Connections.Add(LiveTwin.Http("good"));
        // Written past the validation (an older TwinLab, a hand edit): the manager must not stop over it.
        var broken = ConnectionJson.ToJson(LiveTwin.Http("broken") with { Mapping = "rules: [ {twin: " }).ToJsonString();
        _twin.Service.Store.SaveDocument(new StoredDocument(ConnectionStore.DocumentKind, "broken", DateTimeOffset.UtcNow, "", broken));
        _twin.Service.Store.SaveDocument(new StoredDocument(ConnectionStore.DocumentKind, "garbled", DateTimeOffset.UtcNow, "", "{\"type\":"));
        await manager.StartAsync();
        Assert.Null(manager.StatusOf("garbled"));
        Assert.Contains("'garbled' is stored in a form that cannot be read", Assert.Throws<TwinLabException>(() => manager.Connections.Get("garbled")).Message);
        Assert.Equal(ConnectionStates.Failed, manager.StatusOf("broken")!.State);
        Assert.Contains("readings.yaml", manager.StatusOf("broken")!.LastError);
        Assert.Equal(ConnectionStates.Running, manager.StatusOf("good")!.State);
        Assert.Equal(ConnectionManager.ConnectionNotRunning,
            (await Assert.ThrowsAsync<TwinLabException>(() => manager.SubmitAsync("broken", [Line("{}")], null, CancellationToken.None))).Code);
    }
}
