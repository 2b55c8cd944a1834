using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Correlation ids from <c>traceparent</c>, and the request log.</summary>
public sealed class SecurityCorrelationTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _server;

    public SecurityCorrelationTests(ServerFactory server) => _server = server;

    private static string Header(HttpResponseMessage r, string name) => r.Headers.GetValues(name).Single();

    [Fact]
    public async Task Traceparent_ItsTraceIdIsTheCorrelationId()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var request = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var response = await _server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(traceId, Header(response, RequestCorrelation.Header));
        Assert.Equal(traceId, Header(response, "x-ms-request-id"));
        var parts = Header(response, "traceparent").Split('-');
        Assert.Equal(["00", traceId], parts[..2]);
        Assert.Matches("^[0-9a-f]{16}$", parts[2]);
        Assert.NotEqual("00f067aa0ba902b7", parts[2]); // this request's own span, child of the caller's
    }

    [Fact]
    public async Task NoTraceparent_FreshIdEachRequest()
    {
        var client = _server.CreateClient();
        var first = Header(await client.GetAsync(Url("/models")), RequestCorrelation.Header);
        var second = Header(await client.GetAsync(Url("/models")), RequestCorrelation.Header);
        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Matches("^[0-9a-f]{32}$", second);
        Assert.NotEqual(first, second);
        Assert.NotEqual(new string('0', 32), first);
    }

    [Fact]
    public async Task InvalidTraceparent_IsIgnored()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        request.Headers.TryAddWithoutValidation("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
        var id = Header(await _server.CreateClient().SendAsync(request), RequestCorrelation.Header);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(new string('0', 32), id);
    }

    [Fact]
    public async Task ClientRequestId_IsEchoed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        request.Headers.Add("x-ms-client-request-id", "c0ffee00-0000-4000-8000-000000000001");
        Assert.Equal("c0ffee00-0000-4000-8000-000000000001", Header(await _server.CreateClient().SendAsync(request), "x-ms-client-request-id"));
    }

    [Fact]
    public async Task RequestsAreLogged_WithCorrelationScopeAndSubject()
    {
        var logs = new CapturingLogger();
        using var auth = ServerFactory.WithAuth();
        using var server = auth.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var key = server.Services.GetRequiredService<ApiKeyStore>().Create("logger-test");

        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        var request = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().SendAsync(request)).StatusCode);
        var refused = await server.CreateClient().GetAsync(Url("/models?x=1"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The line is written once the response is complete, which may be just after the client has it.
        var ok = await logs.WaitFor(e => e.Message.Contains(traceId));
        Assert.Contains("GET /models answered 200", ok.Message);
        Assert.Contains("logger-test", ok.Message);
        Assert.Equal(traceId, ok.Scope["CorrelationId"]);
        Assert.Equal("logger-test", ok.Scope["Subject"]);
        Assert.True(ok.State.ContainsKey("ElapsedMs"));

        var denied = await logs.WaitFor(e => e.Message.Contains(Header(refused, RequestCorrelation.Header)));
        Assert.Contains("answered 401", denied.Message);
        Assert.Equal("anonymous", denied.Scope["Subject"]);
    }

    private sealed record Entry(string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Scope);

    private sealed class CapturingLogger : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<Entry> _entries = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(RequestCorrelation).FullName ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public async Task<Entry> WaitFor(Func<Entry, bool> match)
        {
            for (var i = 0; i < 100; i++)
            {
                if (_entries.FirstOrDefault(match) is { } e) return e;
                await Task.Delay(20);
            }
            throw new Xunit.Sdk.XunitException($"no such log entry; got: {string.Join(" | ", _entries.Select(e => e.Message))}");
        }

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogger owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope((s, d) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object>> pairs)
                        foreach (var (k, v) in pairs) d[k] = v;
                }, scope);
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                owner._entries.Enqueue(new Entry(formatter(state, exception), values.ToDictionary(p => p.Key, p => p.Value), scope));
            }
        }
    }
}
