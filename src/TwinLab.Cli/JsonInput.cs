using System.Text.Json;

namespace TwinLab.Cli;

/// <summary>Reads JSON given on the command line, inline or as <c>@file</c>.</summary>
internal static class JsonInput
{
    /// <summary>Parses <paramref name="valueOrFile"/>; a leading <c>@</c> names a file. Errors name the option or file and the line.</summary>
    public static JsonElement Read(string valueOrFile, string what)
    {
        var (text, source) = Text(valueOrFile, what);
        return Parse(text, source);
    }

    /// <summary>The raw text of <paramref name="valueOrFile"/> and where it came from.</summary>
    public static (string Text, string Source) Text(string valueOrFile, string what)
    {
        if (!valueOrFile.StartsWith('@')) return (valueOrFile, what);
        var path = valueOrFile[1..];
        if (!File.Exists(path)) throw new CliUsageException($"{what}: file '{path}' not found.");
        return (File.ReadAllText(path), path);
    }

    /// <summary>Parses JSON text; the error names <paramref name="source"/>, the line and the position.</summary>
    public static JsonElement Parse(string text, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{source}: invalid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}
