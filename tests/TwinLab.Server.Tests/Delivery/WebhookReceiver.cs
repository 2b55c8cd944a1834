using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>One POST the receiver got.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType)
{
    /// <summary>The <c>ce-id</c> header.</summary>
    public string? CeId => Headers.TryGetValue("ce-id", out var id) ? id : null;

    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// A real webhook receiver: Kestrel on a free loopback port that records every request and answers as
/// <see cref="Respond"/> says (200 by default). <see cref="StopAsync"/> takes it down (connections are refused) and
/// <see cref="StartAsync"/> brings it back on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>What to answer: status and optional headers (default 200). Called for every request, after it is recorded.</summary>
    public Func<ReceivedRequest, (int Status, IReadOnlyDictionary<string, string>? Headers)> Respond { get; set; } = _ => (200, null);

    /// <summary>Requests answered 2xx, in arrival order.</summary>
    public List<ReceivedRequest> Accepted { get; } = [];

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> All => [.. _received];

    public static async Task<WebhookReceiver> StartNewAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var receiver = new WebhookReceiver(port);
        await receiver.StartAsync();
        return receiver;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(context.Request.Path, headers, body, context.Request.ContentType);
            var (status, extra) = Respond(request);
            lock (Accepted)
            {
                _received.Enqueue(request);
                if (status is >= 200 and < 300) Accepted.Add(request);
            }
            _arrived.Release();
            foreach (var (name, value) in extra ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.EndsWith($":{Port}", bound);
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Requests answered 2xx so far (a copy).</summary>
    public List<ReceivedRequest> Delivered()
    {
        lock (Accepted) return [.. Accepted];
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the accepted requests; fails after <paramref name="seconds"/>.</summary>
    public async Task<List<ReceivedRequest>> WaitForAsync(Func<List<ReceivedRequest>, bool> condition, double seconds = 20, string? what = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var now = Delivered();
            if (condition(now)) return now;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what ?? "the webhook"}; got {now.Count} accepted, {All.Count} in all: "
                    + string.Join(", ", now.Select(r => $"{r.CeId} {r.Headers.GetValueOrDefault("ce-type")}")));
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
