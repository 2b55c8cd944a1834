using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TwinLab.Cli.Tests.Remote;

/// <summary>What the CLI says when it cannot work with the server: a refused, revoked or expired token, a certificate
/// it does not trust, a server that is not there, and option mistakes.</summary>
public sealed class RemoteConnectionErrorTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly RemoteServer _server;

    public RemoteConnectionErrorTests()
    {
        var served = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "served");
        Directory.CreateDirectory(served);
        _server = new RemoteServer(Path.Combine(served, "served.db"));
    }

    public void Dispose()
    {
        _server.Dispose();
        _cli.Dispose();
    }

    private static void AssertUserError((int Exit, string Out, string Err) result, string message)
    {
        Assert.True(result.Exit == 1, $"exit {result.Exit}: {result.Err}");
        Assert.Empty(result.Out);
        Assert.Equal(message, result.Err.Trim());
    }

    private (int Exit, string Out, string Err) WithToken(string token) =>
        RemoteServer.Cli("--server", _server.Url, "--token", token, "--cacert", _server.CaCert, "branch", "list");

    [Fact]
    public void Token_Refused_Missing_Revoked_Expired()
    {
        Assert.Equal(0, _server.Remote("branch", "list").Exit);
        AssertUserError(WithToken("tlk_0123456789abcdef_wrong"), "error: the server refused the token: The API key is not valid.");
        AssertUserError(RemoteServer.Cli("--server", _server.Url, "--cacert", _server.CaCert, "branch", "list"),
            $"error: the server at {_server.Url} needs a token: give --token @FILE or set $TWINLAB_TOKEN (Authentication is required: send 'Authorization: Bearer <token>' with a JWT or a TwinLab API key (tlk_…)).");

        var revoked = RemoteServer.CreateApiKey(_server.Db, "leaver");
        Assert.Equal(0, WithToken(revoked).Exit);
        var id = revoked.Split('_')[1];
        Assert.Equal(0, _server.Local("apikeys", "revoke", id).Exit);
        var refused = Eventually(() => WithToken(revoked));
        Assert.Equal(1, refused.Exit);
        Assert.StartsWith("error: the server refused the token: ", refused.Err);
        Assert.Contains("revoked", refused.Err);
        Assert.Contains(id, refused.Err);

        var expiring = RemoteServer.CreateApiKey(_server.Db, "temp", DateTimeOffset.UtcNow.AddSeconds(2).ToString("O"));
        Assert.Equal(0, WithToken(expiring).Exit);
        Thread.Sleep(2500);
        var expired = Eventually(() => WithToken(expiring));
        Assert.Equal(1, expired.Exit);
        Assert.StartsWith("error: the server refused the token: ", expired.Err);
        Assert.Contains("expired", expired.Err);
    }

    /// <summary>The server re-reads its keys within a second: tries for up to five.</summary>
    private static (int Exit, string Out, string Err) Eventually(Func<(int Exit, string Out, string Err)> run)
    {
        var result = run();
        for (var i = 0; i < 50 && result.Exit == 0; i++)
        {
            Thread.Sleep(100);
            result = run();
        }
        return result;
    }

    [Fact]
    public void Token_FromFileOrEnvironment()
    {
        var key = File.ReadAllText(_server.TokenFile).Trim();
        var empty = _cli.File("empty.txt", "\n");
        AssertUserError(WithToken("@" + empty), $"error: --token: the token file '{empty}' is empty.");
        var missing = WithToken("@/no/such/token");
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("error: --token: cannot read the token file '/no/such/token': ", missing.Err);
        var before = (Environment.GetEnvironmentVariable("TWINLAB_SERVER"), Environment.GetEnvironmentVariable("TWINLAB_TOKEN"), Environment.GetEnvironmentVariable("TWINLAB_CACERT"));
        try
        {
            Environment.SetEnvironmentVariable("TWINLAB_SERVER", _server.Url);
            Environment.SetEnvironmentVariable("TWINLAB_TOKEN", key);
            Environment.SetEnvironmentVariable("TWINLAB_CACERT", _server.CaCert);
            var viaEnvironment = RemoteServer.Cli("branch", "list", "--json");
            Assert.True(viaEnvironment.Exit == 0, viaEnvironment.Err);
            Assert.Equal(_server.Remote("branch", "list", "--json").Out, viaEnvironment.Out);
            // An explicit --db wins over $TWINLAB_SERVER.
            var local = RemoteServer.Cli("--db", _cli.Db, "twins", "list", "--json");
            Assert.True(local.Exit == 0, local.Err);
            Assert.Equal("[]", local.Out.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("TWINLAB_SERVER", before.Item1);
            Environment.SetEnvironmentVariable("TWINLAB_TOKEN", before.Item2);
            Environment.SetEnvironmentVariable("TWINLAB_CACERT", before.Item3);
        }
    }

    [Fact]
    public void Certificate_NotTrusted_OrFromAnotherAuthority_IsNamed()
    {
        var token = "@" + _server.TokenFile;
        var untrusted = RemoteServer.Cli("--server", _server.Url, "--token", token, "twins", "list");
        Assert.Equal(1, untrusted.Exit);
        Assert.StartsWith($"error: cannot set up TLS with {_server.Url}: the server's certificate (CN=localhost", untrusted.Err);
        Assert.Contains("is not trusted: UntrustedRoot", untrusted.Err);
        Assert.Contains("trust it with --cacert twinlab-dev-cert.pem", untrusted.Err);

        using var rsa = RSA.Create(2048);
        using var other = new CertificateRequest("CN=Some other CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var otherPem = _cli.File("other-ca.pem", other.ExportCertificatePem());
        var wrong = RemoteServer.Cli("--server", _server.Url, "--token", token, "--cacert", otherPem, "twins", "list");
        Assert.Equal(1, wrong.Exit);
        Assert.StartsWith($"error: cannot set up TLS with {_server.Url}: the server's certificate (CN=localhost", wrong.Err);
        Assert.Contains($"is not signed by a certificate in --cacert '{otherPem}': UntrustedRoot", wrong.Err);

        var notPem = _cli.File("not-a-cert.pem", "hello\n");
        AssertUserError(RemoteServer.Cli("--server", _server.Url, "--token", token, "--cacert", notPem, "twins", "list"),
            $"error: --cacert: '{notPem}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        AssertUserError(RemoteServer.Cli("--server", _server.Url, "--token", token, "--cacert", "/no/such.pem", "twins", "list"),
            "error: --cacert: certificate file '/no/such.pem' not found.");

        // The development certificate names localhost as well as 127.0.0.1.
        var byName = RemoteServer.Cli("--server", _server.Url.Replace("127.0.0.1", "localhost"), "--token", token, "--cacert", _server.CaCert, "branch", "list");
        Assert.True(byName.Exit == 0, byName.Err);
    }

    [Fact]
    public void Server_NotThere_OrMisnamed()
    {
        // A port that was free a moment ago: nothing listens on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        AssertUserError(RemoteServer.Cli("--server", $"https://127.0.0.1:{port}", "--token", "x", "twins", "list"),
            $"error: cannot reach the server at https://127.0.0.1:{port}: Connection refused");
        AssertUserError(RemoteServer.Cli("--server", "http://203.0.113.7:8080", "--token", "x", "twins", "list"),
            "error: --server 'http://203.0.113.7:8080': plain http:// is allowed on loopback only, since the token would travel in clear text; use https://.");
        AssertUserError(RemoteServer.Cli("--server", "ftp://example.org", "twins", "list"),
            "error: --server 'ftp://example.org' is not a server address; give e.g. https://127.0.0.1:5443.");
        AssertUserError(RemoteServer.Cli("--server", _server.Url, "--db", _cli.Db, "twins", "list"),
            "error: Give --db FILE (a local database) or --server URL (a TwinLab server), not both.");
        AssertUserError(RemoteServer.Cli("--db", _cli.Db, "--token", "x", "twins", "list"),
            "error: --token and --cacert go with --server URL (or $TWINLAB_SERVER); without it the CLI works on the database file.");
    }

    [Fact]
    public void Connections_ListPauseResume_OverTheServer()
    {
        var map = _cli.File("map.yaml", "rules:\n  - name: reading\n    twin: $.device\n    telemetry:\n      temperature: $.t\n");
        // Connections are added beside the file (the server takes them up within a second).
        var added = _server.Local("connections", "add", "lab", "--type", "http", "--map", map);
        Assert.True(added.Exit == 0, added.Err);
        var list = Eventually(() =>
        {
            var r = _server.Remote("connections", "list");
            return r.Out.Contains("lab ") ? (1, r.Out, r.Err) : (0, r.Out, r.Err);
        });
        Assert.Contains("lab ", list.Out);
        var paused = _server.Remote("connections", "pause", "lab");
        Assert.True(paused.Exit == 0, paused.Err);
        Assert.Equal("Connection 'lab' is paused.", paused.Out.Trim());
        Assert.Contains("\"state\": \"paused\"", _server.Remote("connections", "list", "--json").Out);
        Assert.Contains("state:        paused", _server.Local("connections", "show", "lab").Out);
        var resumed = _server.Remote("connections", "resume", "lab", "--json");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("\"paused\": false", resumed.Out);
        var missing = _server.Remote("connections", "pause", "nope");
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("error: Connection 'nope' not found", missing.Err);
    }
}
