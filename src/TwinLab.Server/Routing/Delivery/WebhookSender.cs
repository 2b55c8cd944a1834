using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// Delivers events by HTTP POST, one CloudEvent per request (CloudEvents 1.0 HTTP binding, structured or binary mode).
/// </summary>
/// <remarks>
/// <para>2xx is delivered. 408, 429 and 5xx, a timeout and a failed connection are retried (a <c>Retry-After</c> is
/// honoured, up to a day). Any other status — 3xx included: redirects are not followed, as a POST turned into a GET would
/// lose the event — is a refusal, dead-lettered at once with the status and the start of the response body.</para>
/// <para>Headers configured as <c>env:NAME</c> are read from the environment at each attempt; a variable that is not set
/// is a retryable failure (set it and restart the server), not a refusal.</para>
/// </remarks>
internal sealed class WebhookSender : IEndpointSender
{
    /// <summary>The longest <c>Retry-After</c> honoured.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    private const int ReasonBodyBytes = 300;

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;

    public WebhookSender(EndpointDefinition endpoint, TimeProvider time, Func<string, string?>? environment = null)
    {
        Endpoint = endpoint;
        _url = new Uri(endpoint.Url!);
        _time = time;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = endpoint.Timeout < TimeSpan.FromSeconds(15) ? endpoint.Timeout : TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseCookies = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public EndpointDefinition Endpoint { get; }

    public async Task<SendOutcome> SendAsync(TwinLabEvent e, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        foreach (var (name, value) in Endpoint.Headers ?? new Dictionary<string, string>())
        {
            var resolved = value;
            if (value.StartsWith(EndpointValidation.EnvironmentPrefix, StringComparison.Ordinal))
            {
                var variable = value[EndpointValidation.EnvironmentPrefix.Length..];
                resolved = _environment(variable);
                if (resolved is null)
                    return SendOutcome.Retry($"the environment variable {variable} (header {name}) is not set in the server's environment; set it and restart the server");
            }
            request.Headers.TryAddWithoutValidation(name, resolved);
        }
        if (Endpoint.ContentMode == ContentModes.Binary)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(e.Data?.ToJsonString() ?? "null"));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            foreach (var (name, value) in CloudEventHeaders.All(e)) request.Headers.TryAddWithoutValidation(name, value);
            if (e.TraceParent is not null) request.Headers.TryAddWithoutValidation("traceparent", e.TraceParent);
        }
        else
        {
            request.Content = new ByteArrayContent(CloudEventJson.Utf8(e));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
            foreach (var (name, value) in CloudEventHeaders.Identity(e)) request.Headers.TryAddWithoutValidation(name, value);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        attempt.CancelAfter(Endpoint.Timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return SendOutcome.Delivered;
            var said = $"{_url} answered {status} {response.ReasonPhrase}".TrimEnd() + await BodyStartAsync(response, attempt.Token);
            if (status is 408 or 429 or >= 500) return SendOutcome.Retry(said, RetryAfter(response));
            if (status is >= 300 and < 400)
                return SendOutcome.Reject($"{said}; redirects are not followed (a POST would turn into a GET): update the endpoint's url{(response.Headers.Location is { } to ? $" to {to}" : "")}");
            return SendOutcome.Reject(said);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return SendOutcome.Retry($"no answer from {_url} within {Endpoint.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return SendOutcome.Retry($"POST {_url} failed: {Describe(ex)}");
        }
        catch (IOException ex)
        {
            return SendOutcome.Retry($"POST {_url} failed: {ex.Message}");
        }
    }

    /// <summary>The wait a receiver asked for, as delta-seconds or an HTTP date, capped at <see cref="MaxRetryAfter"/>.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > MaxRetryAfter ? MaxRetryAfter : w;
    }

    private static async Task<string> BodyStartAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancel);
            var buffer = new byte[ReasonBodyBytes];
            var read = 0;
            while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancel) is var n and > 0) read += n;
            var text = Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
            return text.Length == 0 ? "" : $": {text}{(read == buffer.Length ? "…" : "")}";
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{ex.Message} ({inner.Message})" : ex.Message;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
