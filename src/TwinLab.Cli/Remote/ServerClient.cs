using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;

namespace TwinLab.Cli.Remote;

/// <summary>
/// The one place the CLI speaks HTTP: requests to a TwinLab server with the bearer token and <c>api-version</c>, TLS
/// checked against the system's roots or <c>--cacert</c>, lists followed through <c>nextLink</c>, and every failure
/// turned into the CLI's one-line error — ADT error bodies by their message, 401 as a refused token, an unreachable
/// server or a certificate problem named as such.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    /// <summary>The api-version sent with every request (the newest the server serves).</summary>
    public const string ApiVersion = "2023-10-31";

    private readonly ServerTarget _target;
    private readonly HttpClient _http;
    private readonly X509Certificate2Collection? _trusted;
    private string? _tlsProblem;

    public ServerClient(ServerTarget target, TimeSpan? timeout = null)
    {
        _target = target;
        if (target.CaCertPath is { } path) _trusted = LoadTrusted(path);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = CheckCertificate },
        };
        _http = new HttpClient(handler) { BaseAddress = target.BaseAddress, Timeout = timeout ?? TimeSpan.FromMinutes(5) };
    }

    /// <summary>The server, for messages.</summary>
    public string Server => _target.Display;

    /// <summary>Sends a request and returns the answer when it succeeded.</summary>
    /// <param name="method">GET, PUT, …</param>
    /// <param name="path">The path under the server's address, e.g. <c>digitaltwins/room-1</c> (segments escaped by the caller).</param>
    /// <param name="query">Query parameters (null values left out); <c>api-version</c> is added.</param>
    /// <param name="content">The body, if any.</param>
    /// <param name="headers">Request headers to add.</param>
    /// <exception cref="TwinLabException">The server answered with an error (its code and message).</exception>
    /// <exception cref="CliUsageException">The server cannot be reached, or TLS cannot be set up.</exception>
    public ServerAnswer Send(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string?>>? query = null, HttpContent? content = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        SendTo(method, new Uri(_target.BaseAddress, path + QueryString(query)), content, headers);

    /// <summary>Every item of a paged list (<c>{"value": [...], "nextLink": URL}</c>), following <c>nextLink</c> until
    /// it is null or <paramref name="limit"/> items are read.</summary>
    public List<JsonNode> GetAll(string path, IEnumerable<KeyValuePair<string, string?>>? query = null, int limit = int.MaxValue)
    {
        var items = new List<JsonNode>();
        var uri = new Uri(_target.BaseAddress, path + QueryString(query));
        while (true)
        {
            var page = SendTo(HttpMethod.Get, uri, null, null).Json().AsObject();
            foreach (var item in page["value"]?.AsArray() ?? [])
            {
                if (items.Count >= limit) return items;
                items.Add(item!.DeepClone());
            }
            if (page["nextLink"]?.GetValue<string>() is not { Length: > 0 } next || items.Count >= limit) return items;
            uri = SameServer(next);
        }
    }

    /// <summary>A JSON body.</summary>
    public static HttpContent JsonBody(JsonNode node, string mediaType = "application/json") =>
        new StringContent(node.ToJsonString(), Encoding.UTF8, mediaType);

    /// <summary>A path segment, escaped.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private ServerAnswer SendTo(HttpMethod method, Uri uri, HttpContent? content, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (_target.Token is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            _tlsProblem = null;
            response = _http.Send(request);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (TaskCanceledException)
        {
            throw new CliUsageException($"the server at {Server} did not answer within {_http.Timeout.TotalSeconds:0} s.");
        }
        using (response)
        {
            var body = ReadBody(response);
            var answer = new ServerAnswer((int)response.StatusCode, body, response.Headers, response.Content.Headers);
            if (response.IsSuccessStatusCode) return answer;
            throw Refused(answer);
        }
    }

    private static string ReadBody(HttpResponseMessage response)
    {
        using var stream = response.Content.ReadAsStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>An error answer as the CLI's error: the server's message, a refused token said as such.</summary>
    private Exception Refused(ServerAnswer answer)
    {
        string? code = null, message = null;
        try
        {
            if (JsonNode.Parse(answer.Body) is JsonObject { } root && root["error"] is JsonObject error)
            {
                code = error["code"]?.GetValue<string>();
                message = error["message"]?.GetValue<string>();
            }
        }
        catch (JsonException)
        {
            // Not an ADT error body (a proxy's page, say): the status says what happened.
        }
        message ??= $"the server at {Server} answered {answer.Status}{(answer.Body.Length is > 0 and < 200 ? ": " + answer.Body.Trim() : "")}";
        return answer.Status switch
        {
            401 when _target.Token is null => new TwinLabException(code ?? "Unauthorized",
                $"the server at {Server} needs a token: give --token @FILE or set ${ServerTarget.TokenVariable} ({message.TrimEnd('.')})."),
            401 => new TwinLabException(code ?? "Unauthorized", $"the server refused the token: {message}"),
            403 => new TwinLabException(code ?? "Forbidden", $"the server refused access: {message}"),
            _ => new TwinLabException(code ?? ErrorCodes.InvalidArgument, message),
        };
    }

    private CliUsageException Unreachable(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException || _tlsProblem is not null)
            return new CliUsageException($"cannot set up TLS with {Server}: {_tlsProblem ?? Innermost(e).Message}");
        var reason = e.InnerException is SocketException s ? s.Message : Innermost(e).Message;
        return new CliUsageException($"cannot reach the server at {Server}: {reason}");
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>
    /// Accepts what the system trusts; with <c>--cacert</c>, also a chain that ends in one of its certificates. The host
    /// name must match either way. A refusal is remembered, so the error says which check failed.
    /// </summary>
    private bool CheckCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            _tlsProblem = "the server sent no certificate.";
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _tlsProblem = $"the server's certificate ({leaf.Subject}) is not issued for the host '{_target.BaseAddress.Host}'.";
            return false;
        }
        if (_trusted is null)
        {
            _tlsProblem = $"the server's certificate ({leaf.Subject}) is not trusted: {ChainProblem(chain)}. "
                + "If it is the server's own development certificate, trust it with --cacert twinlab-dev-cert.pem (the file beside the server's database).";
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements.Skip(1)) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (custom.Build(leaf)) return true;
        _tlsProblem = $"the server's certificate ({leaf.Subject}, SHA-256 {leaf.GetCertHashString(HashAlgorithmName.SHA256)[..16]}…) is not signed by a certificate in --cacert '{_target.CaCertPath}': {ChainProblem(custom)}.";
        return false;
    }

    private static string ChainProblem(X509Chain? chain)
    {
        var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => $"{s.Status} ({s.StatusInformation.Trim().TrimEnd('.')})").Distinct().ToArray();
        return statuses is { Length: > 0 } ? string.Join("; ", statuses) : "no chain to a trusted root";
    }

    private static X509Certificate2Collection LoadTrusted(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--cacert: cannot read '{path}' as PEM certificates: {e.Message}");
        }
        if (certificates.Count == 0) throw new CliUsageException($"--cacert: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        return certificates;
    }

    /// <summary>A <c>nextLink</c>, refused unless it points at the same server: the token is sent with it.</summary>
    private Uri SameServer(string link)
    {
        if (Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, _target.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            return uri;
        throw new CliUsageException($"the server at {Server} sent a nextLink to another address ({link}); not followed, since the token would go with it.");
    }

    private static string QueryString(IEnumerable<KeyValuePair<string, string?>>? query)
    {
        var parts = new List<string> { "api-version=" + ApiVersion };
        foreach (var (name, value) in query ?? [])
            if (value is not null) parts.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        return "?" + string.Join('&', parts);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A successful answer: status, body text and headers.</summary>
internal sealed record ServerAnswer(int Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>The body as JSON.</summary>
    public JsonNode Json() => JsonNode.Parse(Body) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, "the server answered an empty body where JSON was expected.");

    /// <summary>The body as a JSON element.</summary>
    public JsonElement Element()
    {
        using var doc = JsonDocument.Parse(Body);
        return doc.RootElement.Clone();
    }

    /// <summary>A response header's value, or <c>null</c>.</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
