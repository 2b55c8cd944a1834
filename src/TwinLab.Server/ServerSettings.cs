namespace TwinLab.Server;

/// <summary>How the server is started: the database it serves and whether anonymous development mode is on.</summary>
/// <param name="DbPath">Path of the SQLite database file.</param>
/// <param name="Dev">Serve anonymously; allowed on loopback addresses only.</param>
/// <param name="Urls">The addresses Kestrel listens on.</param>
public sealed record ServerSettings(string DbPath, bool Dev, IReadOnlyList<string> Urls)
{
    /// <summary>The default listening address.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Reads <c>TwinLab:Db</c>, <c>TwinLab:Dev</c> and <c>urls</c> from configuration.</summary>
    public static ServerSettings From(IConfiguration configuration) => new(
        configuration["TwinLab:Db"] ?? "twinlab.db",
        configuration.GetValue<bool>("TwinLab:Dev"),
        (configuration["urls"] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Why the server must not start with these settings, or <c>null</c> when it may.</summary>
    /// <remarks>Authentication is not implemented yet, so the only way to serve is anonymously on loopback.</remarks>
    public string? RefusalReason()
    {
        if (!Dev) return "authentication is not implemented yet; --dev serves anonymously on loopback only";
        foreach (var url in Urls)
            if (!IsLoopback(url))
                return $"--dev serves anonymously and is allowed on loopback addresses only, not on '{url}'";
        return null;
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var host = uri.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip);
    }
}
