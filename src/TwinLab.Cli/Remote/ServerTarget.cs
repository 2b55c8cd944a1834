using System.Net;

namespace TwinLab.Cli.Remote;

/// <summary>
/// Where <c>--server</c> points and how to talk to it: the base address, the bearer token and the certificate file to
/// trust — from the options, else from <c>TWINLAB_SERVER</c>, <c>TWINLAB_TOKEN</c> and <c>TWINLAB_CACERT</c>.
/// </summary>
/// <remarks>A token is a secret: given as <c>@FILE</c> (the file's first line) or in the environment it stays out of the
/// process list, where a command-line value is visible to every user of the machine. There is deliberately no option to
/// skip the TLS checks: a certificate the system does not trust is trusted with <c>--cacert</c>, never ignored.</remarks>
internal sealed record ServerTarget(Uri BaseAddress, string? Token, string? CaCertPath)
{
    /// <summary>The environment variable naming the server when <c>--server</c> is not given.</summary>
    public const string ServerVariable = "TWINLAB_SERVER";

    /// <summary>The environment variable holding the token (or <c>@FILE</c>) when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "TWINLAB_TOKEN";

    /// <summary>The environment variable naming the certificate file to trust when <c>--cacert</c> is not given.</summary>
    public const string CaCertVariable = "TWINLAB_CACERT";

    /// <summary>
    /// The target of this command line, or <c>null</c> to work on the database file. <c>--server</c> with an explicit
    /// <c>--db</c> is refused; <c>TWINLAB_SERVER</c> gives way to an explicit <c>--db</c>.
    /// </summary>
    /// <exception cref="CliUsageException">Both --server and --db, a bad address, or an unreadable token file.</exception>
    public static ServerTarget? Resolve(string? server, bool dbGiven, string? token, string? caCert)
    {
        if (server is not null && dbGiven)
            throw new CliUsageException("Give --db FILE (a local database) or --server URL (a TwinLab server), not both.");
        var address = server ?? (dbGiven ? null : Variable(ServerVariable));
        if (address is null)
        {
            if (token is not null || caCert is not null)
                throw new CliUsageException($"--token and --cacert go with --server URL (or ${ServerVariable}); without it the CLI works on the database file.");
            return null;
        }
        var from = server is not null ? "--server" : $"${ServerVariable}";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
            throw new CliUsageException($"{from} '{address}' is not a server address; give e.g. https://127.0.0.1:5443.");
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            throw new CliUsageException($"{from} '{address}': plain http:// is allowed on loopback only, since the token would travel in clear text; use https://.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new CliUsageException($"{from} '{address}': give the server's address without a query or fragment.");
        var secret = Secret(token ?? Variable(TokenVariable), token is not null ? "--token" : $"${TokenVariable}");
        var cert = caCert ?? Variable(CaCertVariable);
        if (cert is not null && !File.Exists(cert))
            throw new CliUsageException($"{(caCert is not null ? "--cacert" : $"${CaCertVariable}")}: certificate file '{cert}' not found.");
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new ServerTarget(new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri, secret, cert);
    }

    /// <summary>The server's address as the user gave it, for messages.</summary>
    public string Display => BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    /// <summary>The token itself, or the first line of <c>@FILE</c>.</summary>
    private static string? Secret(string? spec, string from)
    {
        if (spec is null || !spec.StartsWith('@')) return spec;
        var path = spec[1..];
        try
        {
            using var reader = new StreamReader(path);
            var line = reader.ReadLine()?.Trim();
            return line is { Length: > 0 } ? line : throw new CliUsageException($"{from}: the token file '{path}' is empty.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliUsageException($"{from}: cannot read the token file '{path}': {e.Message}");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
