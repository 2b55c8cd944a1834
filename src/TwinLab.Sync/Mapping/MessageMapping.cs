using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Mapping;

/// <summary>
/// A mapping file: how messages from a connection or a file (a topic and a JSON payload, or a CSV row) become twin
/// property patches and telemetry. Rules are tried in order and the first whose topic pattern and conditions match is
/// applied; see the mapping file reference in the README.
/// </summary>
/// <remarks>Immutable and thread-safe: one mapping may serve many sources and threads at once.</remarks>
public sealed class MessageMapping
{
    private readonly IReadOnlyList<MappingRule> _rules;
    private readonly Template? _key;

    internal MessageMapping(string sourceName, string yaml, string? description, string? format, string? topic, CsvOptions csv,
        Template? key, IReadOnlyList<MappingRule> rules)
    {
        SourceName = sourceName;
        Yaml = yaml;
        Description = description;
        Format = format;
        Topic = topic;
        Csv = csv;
        _key = key;
        _rules = rules;
        DefinesKeys = key is not null || rules.Any(r => r.Key is not null);
    }

    /// <summary>Reads a mapping file.</summary>
    /// <exception cref="MappingFileException">The file is not a valid mapping; the message names the file, line and field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MessageMapping Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads a mapping from its YAML text.</summary>
    /// <param name="yaml">The mapping.</param>
    /// <param name="sourceName">The file name (or other name) errors are reported against.</param>
    /// <exception cref="MappingFileException">The text is not a valid mapping; the message names the line and field.</exception>
    public static MessageMapping Parse(string yaml, string sourceName) => MappingReader.Read(yaml, sourceName);

    /// <summary>The original YAML text.</summary>
    public string Yaml { get; }

    /// <summary>The file (or name) the mapping was read from.</summary>
    public string SourceName { get; }

    /// <summary>The mapping's <c>description</c>, if any.</summary>
    public string? Description { get; }

    /// <summary>The file format it declares (<c>csv</c> or <c>ndjson</c>), or <c>null</c> to go by the file extension.</summary>
    public string? Format { get; }

    /// <summary>The fixed topic file rows are matched with, or <c>null</c> to use the file name.</summary>
    public string? Topic { get; }

    /// <summary>How CSV files are read.</summary>
    public CsvOptions Csv { get; }

    /// <summary>The names of the rules, in order.</summary>
    public IReadOnlyList<string> RuleNames => [.. _rules.Select(r => r.Name)];

    /// <summary>Whether the mapping names a de-duplication key (<c>key:</c> at the top or in a rule).</summary>
    public bool DefinesKeys { get; }

    /// <summary>Turns a message into twin updates.</summary>
    /// <returns>The updates, possibly none (a rule with <c>skip: true</c>).</returns>
    /// <exception cref="MappingException">A poison message: not JSON, no rule matches, a required field is missing or
    /// cannot be converted. The message names the rule and the field.</exception>
    public IReadOnlyList<MappedUpdate> Map(InboundMessage message)
    {
        var result = Evaluate(message);
        return result.Error is { } error ? throw error : result.Updates!;
    }

    /// <summary>
    /// The message's de-duplication key, prefixed with its source: <see cref="InboundMessage.Key"/> if it has one, else
    /// the mapping's <c>key</c> (the matched rule's, else the top-level one), else a hash of topic and payload.
    /// </summary>
    public string KeyOf(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Key is not null || message.Error is not null || !DefinesKeys) return KeyFrom(message, null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
            RejectLoneSurrogates(document, message.Payload.Span);
        }
        catch (JsonException)
        {
            return KeyFrom(message, null);
        }
        using (document)
        {
            var root = document.RootElement;
            foreach (var rule in _rules)
                if (rule.Matches(message.Topic, root, out var captures))
                    return KeyFrom(message, rule.Key ?? _key, new MappingContext(rule.Name, root, root, captures, message.Received));
            return KeyFrom(message, _key, new MappingContext("", root, root, [], message.Received));
        }
    }

    /// <summary>Maps a message without throwing: the updates or the error, and the key either way.</summary>
    internal MappingResult Evaluate(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Error is { } unreadable)
            return new MappingResult(KeyFrom(message, null), null, new MappingException(null, unreadable), null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
            RejectLoneSurrogates(document, message.Payload.Span);
        }
        catch (JsonException e)
        {
            return new MappingResult(KeyFrom(message, null), null,
                new MappingException(null, $"the payload is not valid JSON{(e.BytePositionInLine is { } at ? $" (at byte {at + 1})" : "")}: {WithoutPosition(e.Message)}"), null);
        }
        using (document)
        {
            var root = document.RootElement;
            foreach (var rule in _rules)
            {
                if (!rule.Matches(message.Topic, root, out var captures)) continue;
                var context = new MappingContext(rule.Name, root, root, captures, message.Received);
                var key = KeyFrom(message, rule.Key ?? _key, context);
                try
                {
                    return new MappingResult(key, rule.Apply(context), null, rule.Name);
                }
                catch (MappingException e)
                {
                    return new MappingResult(key, null, e, rule.Name);
                }
            }
            var none = new MappingContext("", root, root, [], message.Received);
            return new MappingResult(KeyFrom(message, _key, none), null,
                new MappingException(null, $"no rule matches topic '{message.Topic}'{DescribeRules()}"), null);
        }
    }

    /// <summary>System.Text.Json's message without its " LineNumber: 0 | BytePositionInLine: 57." tail.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    private string DescribeRules()
    {
        var topics = _rules.Select(r => r.Topic?.Text).Where(t => t is not null).Distinct().ToList();
        return topics.Count == 0 ? " (the rules' 'when' conditions do not hold)" : $" (rule topics: {string.Join(", ", topics)})";
    }

    /// <summary>The key of a message no mapping applies to: its own key, else a hash of topic and payload.</summary>
    internal static string FallbackKey(InboundMessage message) => KeyFrom(message, null);

    private static string KeyFrom(InboundMessage message, Template? key, in MappingContext context = default)
    {
        if (message.Key is { } given) return $"{message.Source}:{given}";
        if (key is not null && context.Rule is not null && key.TryRender(context, out var value) && value.Length > 0)
            return $"{message.Source}:{value}";
        return $"{message.Source}:#{Hash(message.Topic, message.Payload.Span)}";
    }

    private static string Hash(string topic, ReadOnlySpan<byte> payload)
    {
        var length = Encoding.UTF8.GetMaxByteCount(topic.Length) + 1 + payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var n = Encoding.UTF8.GetBytes(topic, rented);
            rented[n++] = 0;
            payload.CopyTo(rented.AsSpan(n));
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, n + payload.Length), hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Found by fuzzing: a payload string such as "\ud800" is valid JSON but not text, and reading it threw
    // InvalidOperationException; it is a poison message like any other JSON that cannot be read.
    private static void RejectLoneSurrogates(JsonDocument document, ReadOnlySpan<byte> payload)
    {
        if (JsonSurrogates.FindLone(payload) is var lone and >= 0)
        {
            document.Dispose();
            throw new JsonException(JsonSurrogates.Describe(lone));
        }
    }
}

/// <summary>A message mapped: its key, and its updates or why it could not be mapped.</summary>
internal sealed record MappingResult(string Key, IReadOnlyList<MappedUpdate>? Updates, MappingException? Error, string? Rule);
