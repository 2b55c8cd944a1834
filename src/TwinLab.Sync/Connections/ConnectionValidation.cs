using System.Text.RegularExpressions;
using TwinLab.Core.Errors;
using TwinLab.Sync.Mapping;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Connections;

/// <summary>Checks a connection before it is stored: every problem is reported with the field (and, for the mapping, the
/// mapping's file and line) it is in.</summary>
public static partial class ConnectionValidation
{
    /// <summary>The error code of a connection whose mapping does not parse (400).</summary>
    public const string MappingInvalid = "MappingInvalid";

    /// <summary>Longest connection id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The files a folder connection reads when no glob is given.</summary>
    public const string DefaultGlob = "*.{csv,tsv,ndjson,jsonl}";

    /// <summary>The MQTT client id a connection uses when none is given: stable, so its persistent session survives restarts.</summary>
    public static string DefaultClientId(string id) => $"twinlab-{id}";

    /// <summary>Checks a connection id.</summary>
    /// <exception cref="TwinLabException">(InvalidArgument) The id is empty, too long or has other characters than
    /// letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</exception>
    public static void CheckId(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdPattern().IsMatch(id))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Connection id '{id}' is not valid: use 1 to {MaxIdLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");
    }

    /// <summary>Checks everything about a connection, parsing its mapping.</summary>
    /// <returns>The parsed mapping.</returns>
    /// <exception cref="TwinLabException">(InvalidArgument or <see cref="MappingInvalid"/>) The message names the connection
    /// and the field, or the mapping's file and line.</exception>
    public static MessageMapping Check(ConnectionDefinition c)
    {
        CheckId(c.Id);
        switch (c.Type)
        {
            case ConnectionTypes.Mqtt:
                if (c.Folder is not null) throw Invalid(c.Id, "folder", "is only for folder connections");
                CheckMqtt(c.Id, c.Mqtt ?? throw Invalid(c.Id, "mqtt", "is required for an mqtt connection (broker and topics)"));
                break;
            case ConnectionTypes.Folder:
                if (c.Mqtt is not null) throw Invalid(c.Id, "mqtt", "is only for mqtt connections");
                CheckFolder(c.Id, c.Folder ?? throw Invalid(c.Id, "folder", "is required for a folder connection (path)"));
                break;
            case ConnectionTypes.Http:
                if (c.Mqtt is not null) throw Invalid(c.Id, "mqtt", "is only for mqtt connections");
                if (c.Folder is not null) throw Invalid(c.Id, "folder", "is only for folder connections");
                break;
            default:
                throw Invalid(c.Id, "type", $"'{c.Type}' is not a connection type; use {string.Join(", ", ConnectionTypes.All)}");
        }
        return ParseMapping(c);
    }

    /// <summary>Parses the connection's mapping.</summary>
    /// <exception cref="TwinLabException">(<see cref="MappingInvalid"/>) The mapping's error, naming its file and line.</exception>
    public static MessageMapping ParseMapping(ConnectionDefinition c)
    {
        if (string.IsNullOrWhiteSpace(c.Mapping)) throw Invalid(c.Id, "mapping", "is empty; give the mapping's YAML text");
        try
        {
            return MessageMapping.Parse(c.Mapping, c.MappingName);
        }
        catch (TwinLabException e)
        {
            // MappingFileException's message starts with FILE:LINE:COLUMN, the mapping's name and where in it.
            throw new TwinLabException(MappingInvalid, $"Connection '{c.Id}': the mapping is not valid: {e.Message}");
        }
    }

    /// <summary>The error for a bad field.</summary>
    public static TwinLabException Invalid(string id, string field, string problem) =>
        new(ErrorCodes.InvalidArgument, field.Length == 0 ? $"Connection '{id}': {problem}." : $"Connection '{id}': {field} {problem}.");

    private static void CheckMqtt(string id, MqttSettings m)
    {
        try
        {
            MqttAddress.Parse(m.Broker);
        }
        catch (TwinLabException e)
        {
            throw Invalid(id, "mqtt.broker", $"is wrong: {e.Message.TrimEnd('.')}");
        }
        if (m.Topics.Count == 0) throw Invalid(id, "mqtt.topics", "is empty; give at least one topic filter, e.g. plant/+/telemetry");
        for (var i = 0; i < m.Topics.Count; i++)
            if (MqttSourceOptions.TopicFilterProblem(m.Topics[i]) is { } problem) throw Invalid(id, $"mqtt.topics[{i}]", $"'{m.Topics[i]}' {problem}");
        if (string.IsNullOrEmpty(m.ClientId) || m.ClientId.Length > 256 || m.ClientId.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
            throw Invalid(id, "mqtt.clientId", $"'{m.ClientId}' must be 1 to 256 characters without spaces");
        if (m.Qos is not (0 or 1))
            throw Invalid(id, "mqtt.qos", $"{m.Qos} is not supported; use 1 (at least once, de-duplicated: nothing lost) or 0 (at most once)");
        if (m.PasswordVariable is { } v && !VariablePattern().IsMatch(v))
            throw Invalid(id, "mqtt.passwordEnv", $"'{v}' is not an environment variable name (letters, digits and '_', not starting with a digit)");
    }

    private static void CheckFolder(string id, FolderSettings f)
    {
        if (!Path.IsPathFullyQualified(f.Path)) throw Invalid(id, "folder.path", $"'{f.Path}' must be an absolute path (the server does not know the CLI's directory)");
        if (string.IsNullOrWhiteSpace(f.Glob) || f.Glob.IndexOfAny(['/', '\\']) >= 0)
            throw Invalid(id, "folder.glob", $"'{f.Glob}' must be a file name pattern such as *.ndjson or *.csv, without folders");
        if (f.DoneFolder is { } done)
        {
            if (string.IsNullOrWhiteSpace(done)) throw Invalid(id, "folder.doneFolder", "is empty; leave it out to keep read files where they are");
            // Relative to the watched folder, as the folder source reads it.
            if (Path.GetFullPath(done, f.Path).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(f.Path).TrimEnd(Path.DirectorySeparatorChar))
                throw Invalid(id, "folder.doneFolder", "must not be the watched folder itself");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();
}
