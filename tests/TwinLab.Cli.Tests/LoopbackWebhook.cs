using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TwinLab.Cli.Tests;

/// <summary>A webhook receiver on a free loopback port (<see cref="Url"/>) recording each structured CloudEvent's id and
/// subject in arrival order, for tests of <c>twinlab serve</c> delivering routes.</summary>
internal sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _received = new();

    /// <summary>One event received: its <c>id</c> (the <c>ce-id</c> header, checked equal) and <c>subject</c>.</summary>
    public sealed record Delivery(string Id, string Subject);

    private LoopbackWebhook(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public int Count => _received.Count;

    public List<Delivery> Received => [.. _received];

    public IReadOnlyCollection<string> Ids => [.. _received.Select(r => r.Id)];

    public List<string> IdsSince(int start) => [.. _received.Skip(start).Select(r => r.Id)];

    public bool Has(string subject) => _received.Any(r => r.Subject == subject);

    /// <summary>Starts the receiver; each request takes <paramref name="handling"/> before it is answered (so a kill can
    /// land mid-delivery).</summary>
    public static async Task<LoopbackWebhook> StartAsync(TimeSpan handling = default)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        LoopbackWebhook? self = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
            var id = context.Request.Headers["ce-id"].ToString();
            Assert.Equal(id, body.GetProperty("id").GetString());
            if (handling > TimeSpan.Zero) await Task.Delay(handling);
            self!._received.Enqueue(new Delivery(id, body.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : ""));
            return Results.Ok();
        });
        await app.StartAsync();
        self = new LoopbackWebhook(app, $"http://127.0.0.1:{port}/hook");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
