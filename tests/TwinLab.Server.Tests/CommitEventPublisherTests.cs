using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Who the live stream says caused a write: the request for the server's own, nobody for another process's.</summary>
public sealed class CommitEventPublisherTests : IDisposable
{
    private readonly InMemoryTwinStore _store = new();
    private readonly TwinService _server;
    private readonly TwinService _cli;

    public CommitEventPublisherTests()
    {
        _server = new TwinService(_store);
        _cli = new TwinService(_store);
    }

    public void Dispose()
    {
        _server.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public async Task ForeignWrite_CaughtUpDuringARequest_IsPublishedWithItsStoredActor_AndWithoutTheRequestsTrace()
    {
        var hub = new EventHub();
        var http = new HttpContextAccessor();
        var publisher = new CommitEventPublisher(_server, hub, EventStreamOptions.From(new ConfigurationBuilder().Build()), http,
            NullLogger<CommitEventPublisher>.Instance);
        using var subscription = hub.Subscribe(_ => true);
        var committed = new List<CommittedWrite>();
        _server.Committed += committed.Add;
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            _server.Write(BranchInfo.Main, new WriteContext("setup"), g => g.ImportModels([new DtdlSource(RoomModel, "room")]).Count);
            // Another process (a CLI on the same store) writes; the server has not caught up yet.
            _cli.Write(BranchInfo.Main, new WriteContext("cli"), g => Room(g, "r-cli"));

            // A request with its own trace makes a write: its catch-up folds the CLI's write first, inside the request.
            var context = new DefaultHttpContext();
            context.Request.Headers["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            http.HttpContext = context;
            using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
            _server.Write(BranchInfo.Main, new WriteContext("alice"), g => Room(g, "r-own"));
            request.Stop();
            http.HttpContext = null;

            Assert.Equal([("setup", false), ("cli", true), ("alice", false)], committed.Select(w => (w.Context.Actor, w.Foreign)));
            var byTwin = new Dictionary<string, TwinLabEvent>(StringComparer.Ordinal);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (byTwin.Count < 2)
            {
                var e = await subscription.Reader.ReadAsync(timeout.Token);
                if (e.TwinId is { } id) byTwin[id] = e;
            }
            Assert.Null(byTwin["r-cli"].TraceParent);
            Assert.Equal(request.Id, byTwin["r-own"].TraceParent);
            // Same source for both: the server names it, never the request.
            Assert.Equal(byTwin["r-own"].Source, byTwin["r-cli"].Source);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    private static int Room(TwinGraph graph, string id)
    {
        using var body = JsonDocument.Parse("""{"$metadata":{"$model":"dtmi:test:Room;1"},"temperature":20}""");
        graph.CreateOrReplaceTwin(id, body.RootElement);
        return 0;
    }
}
