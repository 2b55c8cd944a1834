using System.Globalization;
using System.Net;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Cluster.Hosting;

/// <summary>How membership is kept: who the silos are and which of them are alive.</summary>
public enum MembershipKind
{
    /// <summary>Development on one machine: every silo names the first one (<see cref="ClusterConfig.Primary"/>) as its seed.</summary>
    Localhost,
    /// <summary>A PostgreSQL membership table through Orleans' ADO.NET provider: any silo may come and go.</summary>
    Postgres,
}

/// <summary>A <c>cluster.yaml</c> file: what <c>twinlab serve --cluster</c> needs to join (or start) a cluster.</summary>
/// <param name="File">The file read (for messages).</param>
/// <param name="ClusterId">Silos with the same id form one cluster.</param>
/// <param name="Advertise">The address other silos reach this one on.</param>
/// <param name="SiloPort">Port for silo-to-silo traffic.</param>
/// <param name="GatewayPort">Port for clients.</param>
/// <param name="Membership">How membership is kept.</param>
/// <param name="Primary">The seed silo's endpoint (<see cref="MembershipKind.Localhost"/>).</param>
/// <param name="Postgres">The PostgreSQL connection string (<see cref="MembershipKind.Postgres"/>).</param>
/// <param name="PartitionSize">Replications per partition.</param>
/// <param name="IndexShards">Query index shards per branch (the same on every silo).</param>
public sealed record ClusterConfig(
    string File, string ClusterId, IPAddress Advertise, int SiloPort, int GatewayPort, MembershipKind Membership, IPEndPoint? Primary,
    string? Postgres, int PartitionSize, int IndexShards)
{
    /// <summary>The environment variable a <c>postgres: env</c> connection string is read from (shared with the PostgreSQL store).</summary>
    public const string PostgresVariable = "TWINLAB_POSTGRES";

    /// <summary>The PostgreSQL schema TwinLab's cluster tables live in unless <c>postgres_schema</c> says otherwise.</summary>
    public const string DefaultPostgresSchema = "twinlab_cluster";

    /// <summary>The PostgreSQL schema the cluster's twin store lives in unless <c>twins_schema</c> says otherwise.</summary>
    public const string DefaultTwinsSchema = "twinlab_twins";

    private static readonly string[] Keys =
        ["cluster", "advertise", "silo_port", "gateway_port", "membership", "primary", "postgres", "postgres_schema", "twins_schema", "partition_size", "index_shards"];

    /// <summary>The PostgreSQL schema of the membership and grain state tables (<see cref="MembershipKind.Postgres"/>).</summary>
    public string PostgresSchema { get; init; } = DefaultPostgresSchema;

    /// <summary>
    /// The PostgreSQL schema of the twin store every silo shares (<see cref="MembershipKind.Postgres"/>): the event log,
    /// main's state, models and idempotency keys, as a <c>PostgresTwinStore</c> lays them out. A schema of its own, apart
    /// from <see cref="PostgresSchema"/>, so the twins can be backed up, moved or opened by the store's tools on their own.
    /// </summary>
    public string TwinsSchema { get; init; } = DefaultTwinsSchema;

    /// <summary>Line of the setting the connection string came from (<c>postgres</c>, or <c>membership</c> when read from
    /// <see cref="PostgresVariable"/>), for messages.</summary>
    public long PostgresLine { get; init; } = 1;

    /// <summary>Column of that setting.</summary>
    public long PostgresColumn { get; init; } = 1;

    /// <summary>Whether the connection string was read from <see cref="PostgresVariable"/>.</summary>
    public bool PostgresFromEnvironment { get; init; }

    /// <summary>Reads and checks a cluster file.</summary>
    /// <exception cref="ClusterFileException">The file is missing, not YAML, or a field is unknown or out of range (the message names the file, line and field).</exception>
    public static ClusterConfig Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new ClusterFileException(path, 1, 1, "", "cluster file not found");
        return Parse(System.IO.File.ReadAllText(path), path);
    }

    /// <summary>Parses a cluster file's text.</summary>
    /// <exception cref="ClusterFileException">Not YAML, or a field is unknown or out of range.</exception>
    public static ClusterConfig Parse(string text, string file)
    {
        var stream = YamlText.Load(text, (line, column, message) => new ClusterFileException(file, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ClusterFileException(file, 1, 1, "", "expected a mapping of settings (cluster, advertise, silo_port, …)");
        var values = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!Keys.Contains(key))
                throw Error(file, keyNode, key, $"unknown setting; known: {string.Join(", ", Keys)}");
            values[key] = valueNode as YamlScalarNode ?? throw Error(file, valueNode, key, "expected a single value");
        }
        string? Text(string key) => values.TryGetValue(key, out var v) ? v.Value : null;
        int Port(string key, int fallback, int min = 1, int max = 65535)
        {
            if (!values.TryGetValue(key, out var v)) return fallback;
            return int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n : throw Error(file, v, key, $"'{v.Value}' is not a whole number from {min} to {max}");
        }
        var advertise = IPAddress.Loopback;
        if (values.TryGetValue("advertise", out var a) && !IPAddress.TryParse(a.Value, out advertise!))
            throw Error(file, a, "advertise", $"'{a.Value}' is not an IP address");
        var membership = Text("membership") switch
        {
            null or "localhost" => MembershipKind.Localhost,
            "postgres" => MembershipKind.Postgres,
            var other => throw Error(file, values["membership"], "membership", $"'{other}' is not 'localhost' or 'postgres'"),
        };
        IPEndPoint? primary = null;
        if (membership == MembershipKind.Localhost)
        {
            var p = values.GetValueOrDefault("primary");
            primary = p is null ? new IPEndPoint(IPAddress.Loopback, 11111)
                : IPEndPoint.TryParse(p.Value ?? "", out var ep) && ep.Port > 0 ? ep
                : throw Error(file, p, "primary", $"'{p.Value}' is not an address:port");
        }
        string? postgres = null;
        var fromEnvironment = Text("postgres") is null or "env";
        var postgresAt = values.GetValueOrDefault(fromEnvironment ? "membership" : "postgres");
        if (membership == MembershipKind.Postgres)
        {
            postgres = fromEnvironment ? Environment.GetEnvironmentVariable(PostgresVariable) : Text("postgres");
            if (string.IsNullOrWhiteSpace(postgres))
                throw new ClusterFileException(file, values["membership"].Start.Line, values["membership"].Start.Column, "membership",
                    $"'postgres' needs 'postgres: <connection string>' or ${PostgresVariable}");
        }
        string Schema(string key, string fallback)
        {
            if (!values.TryGetValue(key, out var s)) return fallback;
            return s.Value is { Length: > 0 and <= 63 } name && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && !char.IsDigit(name[0])
                ? name : throw Error(file, s, key, $"'{s.Value}' is not a schema name (lower-case letters, digits and '_', not starting with a digit, at most 63)");
        }
        var schema = Schema("postgres_schema", DefaultPostgresSchema);
        var twinsSchema = Schema("twins_schema", DefaultTwinsSchema);
        // One schema for both would put the store's tables beside Orleans' (and a test's DROP SCHEMA would take both).
        if (twinsSchema == schema)
            throw Error(file, values.GetValueOrDefault("twins_schema") ?? values["postgres_schema"], values.ContainsKey("twins_schema") ? "twins_schema" : "postgres_schema",
                $"'{schema}' is both postgres_schema and twins_schema; the twin store needs a schema of its own");
        return new ClusterConfig(file, Text("cluster") ?? "twinlab", advertise, Port("silo_port", 11111), Port("gateway_port", 30000),
            membership, primary, postgres, Port("partition_size", 128, 1, 1_000_000), Port("index_shards", 8, 1, 4096))
        {
            PostgresSchema = schema,
            TwinsSchema = twinsSchema,
            PostgresLine = postgresAt?.Start.Line ?? 1,
            PostgresColumn = postgresAt?.Start.Column ?? 1,
            PostgresFromEnvironment = fromEnvironment,
        };
    }

    private static ClusterFileException Error(string file, YamlNode node, string key, string why) =>
        new(file, node.Start.Line, node.Start.Column, key, why);
}
