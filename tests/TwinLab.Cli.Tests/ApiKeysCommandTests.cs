using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using TwinLab.Server;
using TwinLab.Server.Security;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

public sealed class ApiKeysCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private ApiKeyCheck Check(string key)
    {
        using var store = SqliteTwinStore.Open(_cli.Db);
        return new ApiKeyStore(store).Check(key);
    }

    private static void AssertUserError((int Exit, string Out, string Err) result, string mentions)
    {
        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(mentions, result.Err);
    }

    [Fact]
    public void Create_PrintsTheKeyOnce_ListNeverShowsIt_RevokeStopsIt()
    {
        var (exit, stdout, stderr) = _cli.Run("apikeys", "create", "ci-bot");
        Assert.Equal(0, exit);
        var key = stdout.Trim();
        Assert.Matches("^tlk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown only now", stderr);
        Assert.Equal("ci-bot", Check(key).Key?.Name);

        var id = key.Split('_')[1];
        var (_, list, _) = _cli.Run("apikeys", "list");
        Assert.Contains(id, list);
        Assert.Contains("ci-bot", list);
        Assert.Contains("active", list);
        Assert.DoesNotContain(key.Split('_', 3)[2], list);

        var listed = Assert.Single(_cli.Json("apikeys", "list").AsArray())!.AsObject();
        Assert.Equal(["id", "name", "created", "expires", "revoked", "active"], listed.Select(p => p.Key));
        Assert.DoesNotContain(key.Split('_', 3)[2], listed.ToJsonString());

        var (rexit, rout, _) = _cli.Run("apikeys", "revoke", id);
        Assert.Equal(0, rexit);
        Assert.Contains($"Revoked API key {id}", rout);
        Assert.Contains("revoked", Check(key).Failure);
        Assert.Contains("revoked", _cli.Run("apikeys", "list").Out);
        Assert.False(_cli.Json("apikeys", "list").AsArray()[0]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public void Create_Json_HasTheKeyAndExpiry()
    {
        var before = DateTimeOffset.UtcNow;
        var made = _cli.Json("apikeys", "create", "nightly", "--expires", "30d");
        var key = made["key"]!.GetValue<string>();
        Assert.StartsWith("tlk_" + made["id"]!.GetValue<string>() + "_", key);
        var expires = DateTimeOffset.Parse(made["expires"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - before, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.NotNull(Check(key).Key);
    }

    [Fact]
    public void Create_ExpiresIso_IsUsed()
    {
        var made = _cli.Json("apikeys", "create", "until", "--expires", "2099-01-02T03:04:05Z");
        Assert.StartsWith("2099-01-02T03:04:05", made["expires"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("soon", "neither a duration")]
    [InlineData("2001-01-01T00:00:00Z", "not in the future")]
    [InlineData("5q", "unknown unit")]
    public void Create_BadExpiry_IsAUserError(string expires, string mentions) =>
        AssertUserError(_cli.Run("apikeys", "create", "x", "--expires", expires), mentions);

    [Fact]
    public void Revoke_Unknown_IsAUserError() =>
        AssertUserError(_cli.Run("apikeys", "revoke", "0123456789abcdef"), "No API key has id '0123456789abcdef'");

    [Fact]
    public void Revoke_AcceptsTheKeyItself()
    {
        var key = _cli.Json("apikeys", "create", "x")["key"]!.GetValue<string>();
        Assert.Equal(0, _cli.Run("apikeys", "revoke", key).Exit);
        Assert.Contains("revoked", Check(key).Failure);
    }

    [Fact]
    public async Task Token_IsAValidJwtForTheServer()
    {
        var key = JwtTokens.NewKey();
        var (exit, stdout, stderr) = _cli.Run("apikeys", "token", "--subject", "alice", "--expires", "2h", "--jwt-key", key);
        Assert.True(exit == 0, stderr);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(stdout.Trim(),
            JwtTokens.ValidationParameters(Convert.FromBase64String(key), ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience));
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("alice", result.Claims["sub"]);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));

        var other = JwtTokens.NewKey();
        var forged = await new JsonWebTokenHandler().ValidateTokenAsync(stdout.Trim(),
            JwtTokens.ValidationParameters(Convert.FromBase64String(other), ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience));
        Assert.False(forged.IsValid);
    }

    [Fact]
    public void Token_Json_NamesAudienceAndIssuer()
    {
        var key = JwtTokens.NewKey();
        var t = _cli.Json("apikeys", "token", "--subject", "bob", "--jwt-key", key, "--jwt-audience", "https://example.test", "--jwt-issuer", "me");
        Assert.Equal(("bob", "https://example.test", "me"), (t["subject"]!.GetValue<string>(), t["audience"]!.GetValue<string>(), t["issuer"]!.GetValue<string>()));
        var jwt = new JsonWebToken(t["token"]!.GetValue<string>());
        Assert.Equal(["https://example.test"], jwt.Audiences);
        Assert.Equal("me", jwt.Issuer);
    }

    [Fact]
    public void Token_WithoutOrWithShortKey_IsAUserError()
    {
        if (Environment.GetEnvironmentVariable(Commands.ApiKeysCommand.JwtKeyVariable) is null)
            AssertUserError(_cli.Run("apikeys", "token", "--subject", "a"), "--jwt-key");
        AssertUserError(_cli.Run("apikeys", "token", "--subject", "a", "--jwt-key", "c2hvcnQ="), "at least 256");
    }
}
