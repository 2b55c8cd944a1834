using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;
using TwinLab.Server.Routing.Delivery;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab endpoints add|list|show|remove</c>: where event routes deliver (webhook, MQTT, SSE).</summary>
/// <remarks>Endpoints are documents in the database, so a running <c>twinlab serve</c> on the same file picks up what these
/// verbs change within a second, and <c>list</c> shows the delivery state the server saves.</remarks>
internal static class EndpointsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("endpoints", "Manage the endpoints event routes deliver to (webhook, MQTT, SSE) and see how delivery stands");
        cmd.Subcommands.Add(Add(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Remove(g));
        return cmd;
    }

    private static Command Add(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The endpoint's name: 3 to 50 letters, digits and hyphens (as Azure Digital Twins)" };
        var webhook = new Option<string?>("--webhook") { Description = "Deliver by HTTP POST to this http:// or https:// URL" };
        var mqtt = new Option<string?>("--mqtt") { Description = "Deliver by MQTT publish to this broker: mqtt://[user@]host[:port] or mqtts://…" };
        var sse = new Option<bool>("--sse") { Description = "Stream on the server's /events?endpoint=NAME (Server-Sent Events)" };
        var headers = new Option<string[]>("--header")
        {
            Description = "Webhook: a request header NAME=VALUE, or NAME=env:VARIABLE to read the value from the server's environment at each delivery (required for credentials); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var binary = new Option<bool>("--binary") { Description = "Webhook: CloudEvents binary mode (data as the body, attributes as ce-* headers) instead of structured mode" };
        var topic = new Option<string?>("--topic") { Description = "MQTT: topic template, e.g. twinlab/{twinId}/{type}; placeholders {twinId} {type} {subject} {id} {source} {branch} {model}" };
        var qos = new Option<int?>("--qos") { Description = "MQTT: QoS of each publish, 0, 1 (default) or 2" };
        var passwordEnv = new Option<string?>("--password-env") { Description = "MQTT: environment variable holding the password of the URL's user" };
        var untrusted = new Option<bool>("--allow-untrusted-certificates") { Description = "MQTT over TLS: accept a broker certificate that does not chain to a trusted root" };
        var timeout = new Option<string?>("--timeout") { Description = $"How long one attempt may take (default {EndpointDefinition.DefaultTimeoutSeconds:0} s), e.g. 10s" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "Dead-letter an event after this many failed attempts (default: no limit; --max-age decides)" };
        var initialBackoff = new Option<string?>("--initial-backoff") { Description = "Wait after the first failure (default 1s); doubles each time, with ±20% jitter" };
        var maxBackoff = new Option<string?>("--max-backoff") { Description = "Longest wait between attempts (default 5m)" };
        var maxAge = new Option<string?>("--max-age") { Description = "Dead-letter an event still failing this long after it was committed (default 24h, Event Grid's)" };
        var replace = new Option<bool>("--replace") { Description = "Replace the endpoint if it exists (routes keep their position)" };
        var cmd = new Command("add", "Add an endpoint: --webhook URL, --mqtt URL --topic T, or --sse")
        {
            name, webhook, mqtt, sse, headers, binary, topic, qos, passwordEnv, untrusted, timeout, maxAttempts, initialBackoff, maxBackoff, maxAge, replace,
        };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var kinds = new[] { ctx.Get(webhook) is not null, ctx.Get(mqtt) is not null, ctx.Get(sse) }.Count(k => k);
            if (kinds != 1) throw new CliUsageException("Give exactly one of --webhook URL, --mqtt URL (with --topic) or --sse.");
            var type = ctx.Get(webhook) is not null ? EndpointTypes.Webhook : ctx.Get(mqtt) is not null ? EndpointTypes.Mqtt : EndpointTypes.Sse;
            RetryPolicy? retry = null;
            if (ctx.Get(maxAttempts) is not null || ctx.Get(initialBackoff) is not null || ctx.Get(maxBackoff) is not null || ctx.Get(maxAge) is not null)
            {
                retry = RetryPolicy.Default with
                {
                    MaxAttempts = ctx.Get(maxAttempts),
                    InitialBackoffSeconds = Seconds(ctx.Get(initialBackoff), "--initial-backoff") ?? RetryPolicy.DefaultInitialBackoffSeconds,
                    MaxBackoffSeconds = Seconds(ctx.Get(maxBackoff), "--max-backoff") ?? RetryPolicy.DefaultMaxBackoffSeconds,
                    MaxAgeSeconds = Seconds(ctx.Get(maxAge), "--max-age") ?? RetryPolicy.DefaultMaxAgeSeconds,
                };
            }
            var endpoint = new EndpointDefinition(ctx.Get(name), type)
            {
                Url = ctx.Get(webhook) ?? ctx.Get(mqtt),
                Headers = Headers(ctx.Get(headers)),
                ContentMode = ctx.Get(binary) ? ContentModes.Binary : null,
                Topic = ctx.Get(topic),
                Qos = ctx.Get(qos),
                PasswordEnv = ctx.Get(passwordEnv),
                AllowUntrustedCertificates = ctx.Get(untrusted) ? true : null,
                TimeoutSeconds = Seconds(ctx.Get(timeout), "--timeout"),
                Retry = retry,
            };
            var store = new EndpointStore(ctx.Service.Store);
            var existed = store.Find(endpoint.Name) is not null;
            if (existed && !ctx.Get(replace))
                throw new CliUsageException($"The endpoint '{endpoint.Name}' exists; add --replace to replace it, or see 'twinlab endpoints show {endpoint.Name}'.");
            var stored = store.Put(endpoint);
            if (ctx.Json) ctx.WriteJson(stored.ToJson());
            else
                ctx.Out.WriteLine($"{(existed ? "Replaced" : "Added")} {stored.Type} endpoint '{stored.Name}': {stored.Target}."
                    + (stored.IsDelivered ? $" Route events to it with 'twinlab routes add ROUTE --endpoint {stored.Name} --filter FILTER'." : $" Routes to it stream on /events?endpoint={stored.Name}."));
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the endpoints with their delivery state: routes, cursor, backlog, delivered, dead-lettered, last error");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var statuses = Statuses(ctx);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. statuses.Select(s => (JsonNode)Json(s))]));
                return 0;
            }
            Table.Write(ctx.Out, ["name", "type", "target", "routes", "state", "cursor", "backlog", "delivered", "dead-lettered", "last error"],
                statuses.Select(s => (IReadOnlyList<string>)[
                    s.Endpoint.Name, s.Endpoint.Type, s.Endpoint.Target, s.Routes.Count == 0 ? "-" : string.Join(",", s.Routes.Select(r => r.RouteId)),
                    s.Summary, Cursor(s), s.Backlog.ToString(CultureInfo.InvariantCulture), s.Delivered.ToString(CultureInfo.InvariantCulture),
                    s.DeadLettered.ToString(CultureInfo.InvariantCulture), s.LastError?.LastError ?? "-"]));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The endpoint" };
        var cmd = new Command("show", "Show an endpoint's settings and, per route, where delivery stands") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var store = new EndpointStore(ctx.Service.Store);
            var s = Status(ctx, store, store.Get(ctx.Get(name)));
            if (ctx.Json)
            {
                ctx.WriteJson(Json(s));
                return 0;
            }
            var e = s.Endpoint;
            ctx.Out.WriteLine($"{e.Name}: {e.Type} {e.Target}");
            foreach (var (header, value) in e.Headers ?? new Dictionary<string, string>())
                ctx.Out.WriteLine($"  header {header}: {(value.StartsWith(EndpointValidation.EnvironmentPrefix, StringComparison.Ordinal) ? value : "(set)")}");
            if (e.Type == EndpointTypes.Webhook) ctx.Out.WriteLine($"  content mode: {e.ContentMode ?? ContentModes.Structured}");
            if (e.Type == EndpointTypes.Mqtt) ctx.Out.WriteLine($"  qos: {e.Qos ?? 1}{(e.PasswordEnv is { } v ? $", password from ${v}" : "")}");
            if (e.IsDelivered)
            {
                var r = e.RetryInForce;
                ctx.Out.WriteLine($"  timeout {Seconds(e.Timeout.TotalSeconds)}; retry from {Seconds(r.InitialBackoffSeconds)} doubling to {Seconds(r.MaxBackoffSeconds)}, "
                    + $"{(r.MaxAttempts is { } n ? $"at most {n} attempts, " : "")}dead-letter after {Seconds(r.MaxAgeSeconds)}");
            }
            ctx.Out.WriteLine($"  state: {s.Summary}; {s.Delivered} delivered, {s.DeadLettered} dead-lettered");
            foreach (var route in s.Routes)
            {
                ctx.Out.WriteLine($"  route {route.RouteId} (filter: {route.Filter})");
                if (route.State is not { } st)
                {
                    ctx.Out.WriteLine(e.IsDelivered ? "    not started (the server starts it when it sees the route)" : "    streamed live to /events subscribers");
                    continue;
                }
                ctx.Out.WriteLine($"    cursor: after sequence {st.Sequence}{(st.Handled > 0 ? $" (+{st.Handled} of the next)" : "")}, backlog {route.Backlog} log {(route.Backlog == 1 ? "entry" : "entries")}"
                    + (route.OutboxBacklog > 0 ? $" and {route.OutboxBacklog} outbox events" : ""));
                ctx.Out.WriteLine($"    {st.Delivered} delivered{(st.LastDelivered is { } d ? $" (last {TwinJson.Format(d)})" : "")}, {st.DeadLettered} dead-lettered");
                if (st.Retrying is not null)
                    ctx.Out.WriteLine($"    retrying event {st.Retrying}: {st.Attempts} failed attempt{(st.Attempts == 1 ? "" : "s")}, next at {(st.NextAttempt is { } n ? TwinJson.Format(n) : "once the server runs")}");
                if (st.LastError is not null) ctx.Out.WriteLine($"    last error ({(st.LastErrorTime is { } t ? TwinJson.Format(t) : "?")}): {st.LastError}");
            }
            return 0;
        }));
        return cmd;
    }

    private static Command Remove(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The endpoint" };
        var cmd = new Command("remove", "Remove an endpoint; refused while a route names it") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            new EndpointStore(ctx.Service.Store).Delete(ctx.Get(name));
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["removed"] = ctx.Get(name) });
            else ctx.Out.WriteLine($"Removed endpoint '{ctx.Get(name)}'.");
            return 0;
        }));
        return cmd;
    }

    private static List<EndpointDeliveryStatus> Statuses(CliContext ctx)
    {
        var store = new EndpointStore(ctx.Service.Store);
        return [.. store.List().Select(e => Status(ctx, store, e))];
    }

    private static EndpointDeliveryStatus Status(CliContext ctx, EndpointStore store, EndpointDefinition endpoint) =>
        EndpointDeliveryStatus.Of(endpoint, store, new DeliveryStateStore(ctx.Service.Store), new RoutedEventOutbox(ctx.Service.Store), ctx.Service.LastSequence);

    private static JsonObject Json(EndpointDeliveryStatus s)
    {
        var json = s.Endpoint.ToJson();
        json["delivery"] = s.ToJson();
        return json;
    }

    private static string Cursor(EndpointDeliveryStatus s)
    {
        var cursors = s.Routes.Select(r => r.State?.Sequence).OfType<long>().ToList();
        return cursors.Count == 0 ? "-" : cursors.Min().ToString(CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string>? Headers(string[]? given)
    {
        if (given is not { Length: > 0 }) return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in given)
        {
            var eq = h.IndexOf('=');
            if (eq <= 0) throw new CliUsageException($"--header '{h}': write NAME=VALUE or NAME=env:VARIABLE.");
            if (!headers.TryAdd(h[..eq].Trim(), h[(eq + 1)..])) throw new CliUsageException($"--header: '{h[..eq].Trim()}' is given twice.");
        }
        return headers;
    }

    /// <summary>A duration option (<c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>24h</c>, <c>1d</c>, or seconds as a plain number) in seconds.</summary>
    internal static double? Seconds(string? text, string option)
    {
        if (text is null) return null;
        text = text.Trim();
        var split = text.Length;
        while (split > 0 && char.IsAsciiLetter(text[split - 1])) split--;
        var (number, unit) = (text[..split], text[split..]);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !(n > 0))
            throw new CliUsageException($"{option}: '{text}' is not a positive duration; write e.g. 500ms, 30s, 5m, 24h.");
        var scale = unit switch
        {
            "" or "s" => 1.0,
            "ms" => 0.001,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86_400.0,
            _ => throw new CliUsageException($"{option}: unknown unit '{unit}' in '{text}'; use ms, s, m, h or d."),
        };
        return n * scale;
    }

    private static string Seconds(double s) =>
        s < 1 ? $"{s * 1000:0.#} ms" : s < 120 ? $"{s:0.##} s" : s < 7200 ? $"{s / 60:0.#} min" : $"{s / 3600:0.#} h";
}
