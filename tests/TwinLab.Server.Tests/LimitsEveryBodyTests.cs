using System.Net;
using System.Net.Sockets;
using System.Text;
using TwinLab.Server.Drift;
using TwinLab.Server.Experiments;
using TwinLab.Server.Hosting;
using TwinLab.Server.Jobs;
using TwinLab.Server.Sync;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Every endpoint that takes a body refuses one over its limit with 413 <c>PayloadTooLarge</c> in ADT's shape,
/// and Kestrel bounds the request line, the headers and any body on a real socket.</summary>
public sealed class LimitsEveryBodyTests(LimitsEveryBodyTests.DevServer fixture) : IClassFixture<LimitsEveryBodyTests.DevServer>
{
    /// <summary>One anonymous (--dev) server, in memory and on a real loopback socket.</summary>
    public sealed class DevServer : IAsyncLifetime
    {
        public ServerFactory Server { get; } = new();

        public LoopbackServer Kestrel { get; private set; } = null!;

        public async Task InitializeAsync() => Kestrel = await LoopbackServer.StartAsync("http://127.0.0.1:0");

        public async Task DisposeAsync()
        {
            await Kestrel.DisposeAsync();
            Server.Dispose();
        }
    }

    public static TheoryData<string, string, string, int> BodyEndpoints => new()
    {
        { "PUT", "/digitaltwins/t", "application/json", RequestLimits.PayloadBytes },
        { "PATCH", "/digitaltwins/t/components/c", "application/json-patch+json", RequestLimits.PayloadBytes },
        { "PATCH", "/models/dtmi:test:Room;1", "application/json-patch+json", RequestLimits.PayloadBytes },
        { "PUT", "/eventroutes/r", "application/json", RequestLimits.PayloadBytes },
        { "PUT", "/endpoints/e", "application/json", RequestLimits.PayloadBytes },
        { "POST", "/branches", "application/json", RequestLimits.PayloadBytes },
        { "PUT", "/jobs/imports/j", "application/json", RequestLimits.PayloadBytes },
        { "POST", "/domains/network/n/whatif", "application/json", RequestLimits.PayloadBytes },
        { "PUT", "/drift/t/settings", "application/json", RequestLimits.PayloadBytes },
        { "PUT", "/drift/expectations/e", "application/yaml", DriftApi.MaxExpectationBytes },
        { "PUT", "/connections/c", "application/json", ConnectionsApi.MaxDefinitionBytes },
        { "POST", "/experiments", "application/yaml", ScenarioRequest.MaxBytes },
        { "POST", "/telemetry/batch", "application/x-ndjson", (int)SyncSettings.DefaultMaxBatchBytes },
    };

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task BodyOverItsLimit_Is413PayloadTooLarge(string method, string path, string contentType, int limit)
    {
        var body = new byte[limit + 1];
        Array.Fill(body, (byte)' ');
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await fixture.Server.CreateClient().SendAsync(request);
        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, RequestLimits.PayloadTooLarge);
    }

    [Fact]
    public async Task Kestrel_RequestLineOver8KB_Is414()
    {
        var (status, _) = await Raw($"GET /digitaltwins/{new string('a', RequestLimits.MaxRequestLineBytes)}?{V} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.Equal(414, status);
    }

    [Fact]
    public async Task Kestrel_HeadersOver32KB_Or100Headers_Are431()
    {
        var (big, _) = await Raw($"GET /models?{V} HTTP/1.1\r\nHost: localhost\r\nX-Padding: {new string('a', RequestLimits.MaxRequestHeadersBytes)}\r\n\r\n");
        Assert.Equal(431, big);
        var many = string.Concat(Enumerable.Range(0, RequestLimits.MaxRequestHeaderCount + 1).Select(i => $"X-H{i}: 1\r\n"));
        var (count, _) = await Raw($"GET /models?{V} HTTP/1.1\r\nHost: localhost\r\n{many}\r\n");
        Assert.Equal(431, count);
        var (fine, _) = await Raw($"GET /models?{V} HTTP/1.1\r\nHost: localhost\r\nX-Padding: {new string('a', 1024)}\r\n\r\n");
        Assert.Equal(200, fine);
    }

    [Theory]
    [InlineData("POST /query", "application/json", RequestLimits.MaxRequestBodyBytes)] // Kestrel's cap
    [InlineData("PUT /blobs/huge.ndjson", "application/x-ndjson", ImportFolder.MaxBlobBytes)] // the blob endpoint's own
    public async Task ADeclaredBodyOverTheCap_IsRefusedBeforeItIsSent(string request, string contentType, long cap)
    {
        var (status, body) = await Raw($"{request}?{V} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: {cap + 1}\r\n\r\n{{");
        Assert.Equal(413, status);
        Assert.Contains(RequestLimits.PayloadTooLarge, body);
    }

    /// <summary>Sends <paramref name="request"/> as it is on a new connection and reads the answer's status and body.</summary>
    private async Task<(int Status, string Body)> Raw(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Kestrel.Address.Host, fixture.Kestrel.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                answer.Write(buffer, 0, n);
                if (Complete(Encoding.ASCII.GetString(answer.ToArray()))) break;
            }
        }
        catch (IOException)
        {
            // The server may reset the connection after answering a request it refused.
        }
        var text = Encoding.ASCII.GetString(answer.ToArray());
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split < 0 ? "" : text[(split + 4)..]);
    }

    /// <summary>Whether <paramref name="text"/> holds a whole answer: its head, and the body its Content-Length announces.</summary>
    private static bool Complete(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0) return false;
        var length = text[..split].Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null ? !text[..split].Contains("chunked", StringComparison.OrdinalIgnoreCase) || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
            : text.Length - split - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
