using System.Text.Json;
using System.Text.RegularExpressions;
using TwinLab.Core.Errors;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>Checks endpoint definitions and reads them from request bodies; every refusal names the field.</summary>
public static partial class EndpointValidation
{
    /// <summary>The prefix of a header value read from an environment variable: <c>env:NAME</c>.</summary>
    public const string EnvironmentPrefix = "env:";

    /// <summary>Headers whose value is a credential: they must come from an environment variable.</summary>
    private static readonly string[] SecretWords = ["authorization", "cookie", "key", "token", "secret", "password", "signature"];

    [GeneratedRegex("^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{2,49}[a-zA-Z0-9]$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderNamePattern();

    /// <summary>Whether <paramref name="name"/> is a valid endpoint name (ADT's rule).</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Why <paramref name="name"/> is not a valid endpoint name, or <c>null</c>.</summary>
    public static string? NameProblem(string? name) => IsValidName(name) ? null
        : $"The endpoint name '{name}' is not valid: use 3 to 50 letters, digits and hyphens, not only digits, not starting or ending with a hyphen (as Azure Digital Twins).";

    /// <summary>Checks <paramref name="d"/>.</summary>
    /// <exception cref="TwinLabException"><see cref="EndpointStore.EndpointInvalid"/>, naming the field.</exception>
    public static EndpointDefinition Check(EndpointDefinition d)
    {
        if (NameProblem(d.Name) is { } bad) throw Invalid(bad);
        if (!EndpointTypes.All.Contains(d.Type)) throw Invalid($"type must be one of {string.Join(", ", EndpointTypes.All)}, not '{d.Type}'.");
        NotFor(d, d.Type != EndpointTypes.Webhook, d.Headers is not null, "headers", "webhook");
        NotFor(d, d.Type != EndpointTypes.Webhook, d.ContentMode is not null, "contentMode", "webhook");
        NotFor(d, d.Type != EndpointTypes.Mqtt, d.Topic is not null, "topic", "mqtt");
        NotFor(d, d.Type != EndpointTypes.Mqtt, d.Qos is not null, "qos", "mqtt");
        NotFor(d, d.Type != EndpointTypes.Mqtt, d.PasswordEnv is not null, "passwordEnv", "mqtt");
        NotFor(d, d.Type != EndpointTypes.Mqtt, d.AllowUntrustedCertificates is not null, "allowUntrustedCertificates", "mqtt");
        NotFor(d, d.Type == EndpointTypes.Sse, d.Url is not null, "url", "webhook and mqtt");
        NotFor(d, d.Type == EndpointTypes.Sse, d.TimeoutSeconds is not null, "timeoutSeconds", "webhook and mqtt");
        NotFor(d, d.Type == EndpointTypes.Sse, d.Retry is not null, "retry", "webhook and mqtt");
        if (d.TimeoutSeconds is { } t && (!(t >= 0.1) || t > 600)) throw Invalid($"timeoutSeconds must be between 0.1 and 600; it is {t}.");
        if (d.Retry?.Problem() is { } retry) throw Invalid(retry);
        switch (d.Type)
        {
            case EndpointTypes.Webhook:
                CheckWebhook(d);
                break;
            case EndpointTypes.Mqtt:
                CheckMqtt(d);
                break;
        }
        return d;
    }

    private static void CheckWebhook(EndpointDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Url)) throw Invalid("url is required for a webhook endpoint: the http:// or https:// address events are POSTed to.");
        if (!Uri.TryCreate(d.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw Invalid($"url must be an absolute http:// or https:// address, not '{d.Url}'.");
        if (uri.UserInfo.Length > 0)
            throw Invalid("url must not carry credentials (user:password@); send them in a header read from an environment variable, e.g. Authorization=env:HOOK_TOKEN.");
        if (d.ContentMode is not (null or ContentModes.Structured or ContentModes.Binary))
            throw Invalid($"contentMode must be {ContentModes.Structured} or {ContentModes.Binary}, not '{d.ContentMode}'.");
        foreach (var (name, value) in d.Headers ?? new Dictionary<string, string>())
        {
            if (!HeaderNamePattern().IsMatch(name)) throw Invalid($"headers: '{name}' is not a valid HTTP header name.");
            if (name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                throw Invalid($"headers: '{name}' is set by the delivery itself and cannot be configured.");
            if (value is null || value.Any(c => c is '\r' or '\n' or '\0'))
                throw Invalid($"headers: the value of '{name}' must be a single line of text.");
            if (value.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
            {
                var variable = value[EnvironmentPrefix.Length..];
                if (!VariablePattern().IsMatch(variable)) throw Invalid($"headers: '{name}' names the environment variable '{variable}', which is not a valid variable name.");
            }
            else if (IsSecretHeader(name))
            {
                throw Invalid($"headers: '{name}' carries a credential; give it as {EnvironmentPrefix}VARIABLE (the variable is read by the server at each delivery) so the secret is never stored.");
            }
        }
    }

    private static void CheckMqtt(EndpointDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Url)) throw Invalid("url is required for an mqtt endpoint: the broker, mqtt://[user@]host[:port] or mqtts://….");
        try
        {
            MqttAddress.Parse(d.Url);
        }
        catch (TwinLabException e)
        {
            throw Invalid("url: " + e.Message);
        }
        if (TopicTemplate.Problem(d.Topic) is { } topic) throw Invalid(topic);
        if (d.Qos is { } q && q is < 0 or > 2) throw Invalid($"qos must be 0, 1 or 2; it is {q}.");
        if (d.PasswordEnv is { } v && !VariablePattern().IsMatch(v)) throw Invalid($"passwordEnv: '{v}' is not a valid environment variable name.");
    }

    /// <summary>Whether a header's value is a credential by its name (<c>Authorization</c>, <c>X-Api-Key</c>, …).</summary>
    public static bool IsSecretHeader(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads an endpoint from a request body: a JSON object with <c>type</c> and the fields of that type (see
    /// <see cref="EndpointDefinition"/>); <c>name</c>, if given, must be <paramref name="name"/>; the read-only
    /// <c>updated</c> and <c>delivery</c> are ignored, so what <c>GET</c> returned can be sent back.
    /// </summary>
    /// <exception cref="TwinLabException"><see cref="EndpointStore.EndpointInvalid"/>, naming the field.</exception>
    public static EndpointDefinition FromJson(JsonElement body, string name)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw Invalid("The body must be a JSON object such as {\"type\": \"webhook\", \"url\": \"https://…\"}.");
        string? type = null, url = null, contentMode = null, topic = null, passwordEnv = null;
        double? timeout = null;
        int? qos = null;
        bool? untrusted = null;
        Dictionary<string, string>? headers = null;
        RetryPolicy? retry = null;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "name":
                    if (Text(p) != name) throw Invalid($"name: the body names '{p.Value}', the address '{name}'; they must agree.");
                    break;
                case "type": type = Text(p); break;
                case "url": url = Text(p); break;
                case "contentMode": contentMode = Text(p); break;
                case "topic": topic = Text(p); break;
                case "passwordEnv": passwordEnv = Text(p); break;
                case "timeoutSeconds": timeout = Number(p, "timeoutSeconds"); break;
                case "qos": qos = (int?)Integer(p, "qos"); break;
                case "allowUntrustedCertificates":
                    untrusted = p.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.Null => null,
                        _ => throw Invalid("allowUntrustedCertificates must be true or false."),
                    };
                    break;
                case "headers":
                    if (p.Value.ValueKind == JsonValueKind.Null) break;
                    if (p.Value.ValueKind != JsonValueKind.Object) throw Invalid("headers must be an object of header name → value (or env:VARIABLE).");
                    headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var h in p.Value.EnumerateObject())
                    {
                        if (h.Value.ValueKind != JsonValueKind.String) throw Invalid($"headers.{h.Name} must be a string.");
                        if (!headers.TryAdd(h.Name, h.Value.GetString()!)) throw Invalid($"headers: '{h.Name}' is given twice.");
                    }
                    break;
                case "retry":
                    retry = p.Value.ValueKind == JsonValueKind.Null ? null : Retry(p.Value);
                    break;
                case "updated" or "delivery":
                    break;
                default:
                    throw Invalid($"'{p.Name}' is not an endpoint field; use type, url, headers, contentMode, timeoutSeconds, topic, qos, passwordEnv, allowUntrustedCertificates, retry.");
            }
        }
        if (type is null) throw Invalid($"type is required: one of {string.Join(", ", EndpointTypes.All)}.");
        return Check(new EndpointDefinition(name, type)
        {
            Url = url, Headers = headers, ContentMode = contentMode, TimeoutSeconds = timeout, Topic = topic, Qos = qos,
            PasswordEnv = passwordEnv, AllowUntrustedCertificates = untrusted, Retry = retry,
        });
    }

    private static RetryPolicy Retry(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw Invalid("retry must be an object {maxAttempts, initialBackoffSeconds, maxBackoffSeconds, maxAgeSeconds}.");
        var policy = RetryPolicy.Default;
        foreach (var p in json.EnumerateObject())
        {
            policy = p.Name switch
            {
                "maxAttempts" => policy with { MaxAttempts = (int?)Integer(p, "retry.maxAttempts") },
                "initialBackoffSeconds" => policy with { InitialBackoffSeconds = Number(p, "retry.initialBackoffSeconds") ?? RetryPolicy.DefaultInitialBackoffSeconds },
                "maxBackoffSeconds" => policy with { MaxBackoffSeconds = Number(p, "retry.maxBackoffSeconds") ?? RetryPolicy.DefaultMaxBackoffSeconds },
                "maxAgeSeconds" => policy with { MaxAgeSeconds = Number(p, "retry.maxAgeSeconds") ?? RetryPolicy.DefaultMaxAgeSeconds },
                _ => throw Invalid($"retry.{p.Name} is not a retry setting; use maxAttempts, initialBackoffSeconds, maxBackoffSeconds, maxAgeSeconds."),
            };
        }
        return policy;
    }

    private static string? Text(JsonProperty p) => p.Value.ValueKind switch
    {
        JsonValueKind.String => p.Value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Invalid($"{p.Name} must be a string."),
    };

    private static double? Number(JsonProperty p, string field) => p.Value.ValueKind switch
    {
        JsonValueKind.Number => p.Value.GetDouble(),
        JsonValueKind.Null => null,
        _ => throw Invalid($"{field} must be a number."),
    };

    private static long? Integer(JsonProperty p, string field) => p.Value.ValueKind switch
    {
        JsonValueKind.Number when p.Value.TryGetInt32(out var n) => n,
        JsonValueKind.Null => null,
        _ => throw Invalid($"{field} must be an integer."),
    };

    private static void NotFor(EndpointDefinition d, bool wrongType, bool given, string field, string types)
    {
        if (wrongType && given) throw Invalid($"{field} applies to {types} endpoints only, not to the {d.Type} endpoint '{d.Name}'.");
    }

    private static TwinLabException Invalid(string message) => new(EndpointStore.EndpointInvalid, message);
}
