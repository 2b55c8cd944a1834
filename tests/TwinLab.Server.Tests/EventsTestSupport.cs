using System.Net;
using System.Text.Json;

namespace TwinLab.Server.Tests;

/// <summary>One Server-Sent Events frame: its fields, or the comment lines of a comment-only frame.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, IReadOnlyList<string> Comments)
{
    /// <summary>The CloudEvent in <see cref="Data"/>.</summary>
    public JsonElement Json => JsonDocument.Parse(Data ?? throw new InvalidOperationException("frame without data")).RootElement.Clone();
}

/// <summary>Reads <c>/events</c> incrementally; every read has a deadline, so a test fails rather than hangs.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseStream> OpenAsync(HttpClient client, string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Adt.Url("/events" + query));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token)));
    }

    /// <summary>The next frame that carries an event (comments are skipped unless <paramref name="comments"/>).</summary>
    public async Task<SseFrame> NextAsync(bool comments = false, double seconds = 10)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            string? id = null, type = null, data = null;
            var notes = new List<string>();
            var any = false;
            while (true)
            {
                var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("the event stream ended");
                if (line.Length == 0)
                {
                    if (any) break;
                    continue;
                }
                any = true;
                if (line.StartsWith(':')) notes.Add(line[1..].Trim());
                else if (line.StartsWith("id: ")) id = line[4..];
                else if (line.StartsWith("event: ")) type = line[7..];
                else if (line.StartsWith("data: ")) data = data is null ? line[6..] : data + "\n" + line[6..];
                else throw new InvalidDataException($"unexpected SSE line '{line}'");
            }
            if (data is null && type is null && !comments) continue;
            return new SseFrame(id, type, data, notes);
        }
    }

    public async Task<List<SseFrame>> TakeAsync(int count)
    {
        var frames = new List<SseFrame>();
        for (var i = 0; i < count; i++) frames.Add(await NextAsync());
        return frames;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public static class EventModels
{
    public const string Sensor = """
        {"@id":"dtmi:evt:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"level","schema":"double","writable":true},
                     {"@type":"Property","name":"info","writable":true,"schema":{"@type":"Object","fields":[
                        {"name":"city","schema":"string"},{"name":"zip","schema":"string"}]}},
                     {"@type":"Telemetry","name":"reading","schema":"double"},
                     {"@type":"Component","name":"battery","schema":"dtmi:evt:Battery;1"},
                     {"@type":"Relationship","name":"feeds","target":"dtmi:evt:Sensor;1",
                      "properties":[{"@type":"Property","name":"weight","schema":"double","writable":true}]}]}
        """;

    public const string Battery = """
        {"@id":"dtmi:evt:Battery;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"charge","schema":"double","writable":true},
                     {"@type":"Telemetry","name":"voltage","schema":"double"}]}
        """;

    public static string SensorTwin(double level) =>
        """{"$metadata":{"$model":"dtmi:evt:Sensor;1"},"level":""" + level.ToString(System.Globalization.CultureInfo.InvariantCulture) + ""","battery":{"$metadata":{}}}""";

    public static async Task<HttpClient> WithEventModels(this ServerFactory factory)
    {
        var client = factory.CreateClient();
        var r = await client.PostAsync(Adt.Url("/models"), Adt.Json($"[{Adt.RoomModel},{Battery},{Sensor}]"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return client;
    }

    public static async Task Ok(this Task<HttpResponseMessage> request)
    {
        var r = await request;
        Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public static Task<HttpResponseMessage> Telemetry(this HttpClient client, string path, string body, string messageId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Adt.Url(path)) { Content = Adt.Json(body) };
        request.Headers.Add("Message-Id", messageId);
        return client.SendAsync(request);
    }
}
