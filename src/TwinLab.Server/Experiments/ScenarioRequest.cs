using System.Text;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Server.Experiments;

/// <summary>
/// Reads a scenario file sent as a request body — YAML, or JSON (the same structure; YAML is a superset of JSON) — and
/// refuses what would make the server read its own disk: <c>plugin</c>, <c>twin: load</c> and <c>twin: models</c>.
/// </summary>
internal static class ScenarioRequest
{
    /// <summary>How the body is named in error messages (<c>scenario:LINE:COLUMN: …</c>) and in the result's provenance.</summary>
    public const string FileName = "scenario";

    /// <summary>The largest scenario body.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The media types taken as YAML.</summary>
    public static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    /// <summary>Reads and parses the body.</summary>
    /// <exception cref="TwinLabException">An unsupported media type, an empty or too large body, or an invalid scenario
    /// (<see cref="ScenarioFileException"/>, naming line and column).</exception>
    public static async Task<ScenarioDefinition> ReadAsync(HttpRequest request, SimulatorCatalog catalog, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var json = type == "application/json";
        if (!json && !YamlTypes.Contains(type))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Send the scenario file as application/yaml (or text/yaml, application/x-yaml) or application/json, not '{type ?? "(no Content-Type)"}'.");
        var text = await ReadTextAsync(request, cancel);
        if (json) text = CheckJson(text);
        RejectServerFiles(text);
        return new ScenarioParser(catalog).Parse(text, FileName);
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength > MaxBytes) throw RequestLimits.TooLarge(request.ContentLength, MaxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + n > MaxBytes) throw RequestLimits.TooLarge(null, MaxBytes);
            buffer.Write(chunk, 0, n);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The scenario file must be UTF-8 text.");
        }
    }

    /// <summary>
    /// Checks that a JSON body is JSON (so a JSON mistake is reported as one, with its line), and returns it as the YAML
    /// parser can read it: JSON allows tabs between tokens where YAML does not, and a tab can only be there (inside a JSON
    /// string it must be escaped), so each becomes a space — lines and columns stay where they were.
    /// </summary>
    private static string CheckJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ScenarioFileException(FileName, 1, 1, "a scenario must be a JSON object", "e.g. {\"name\": \"...\", \"simulator\": \"mmc\", \"horizon\": 0}");
        }
        catch (JsonException e)
        {
            var reason = e.Message.IndexOf(" Path:", StringComparison.Ordinal) is var cut and > 0 ? e.Message[..cut] : e.Message;
            throw new ScenarioFileException(FileName, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, $"not valid JSON: {reason}");
        }
        return text.Replace('\t', ' ');
    }

    /// <summary>Refuses the keys that name files or assemblies on the server, at their line and column.</summary>
    private static void RejectServerFiles(string text)
    {
        var stream = YamlText.Load(text, (line, column, message) => new ScenarioFileException(FileName, line, column, message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return;
        if (Find(root, "plugin") is { } plugin)
            throw At(plugin, "'plugin' loads an assembly from the server's disk, which a request may not do",
                "the simulators a server runs are the ones it was started with");
        if (Find(root, "twin") is not YamlMappingNode twin) return;
        foreach (var key in new[] { "load", "models" })
            if (Find(twin, key) is { } node)
                throw At(node, $"'twin: {key}' reads a file on the server, which a request may not do",
                    "the twin must already be in the server's database: upload models (POST /models) and twins (PUT /digitaltwins/{id}) first, then leave out 'load' and 'models'");
    }

    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static ScenarioFileException At(YamlNode node, string problem, string hint) =>
        new(FileName, node.Start.Line, node.Start.Column, problem, hint);
}
