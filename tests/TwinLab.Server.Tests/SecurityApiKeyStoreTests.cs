using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Server.Security;

namespace TwinLab.Server.Tests;

public sealed class SecurityApiKeyStoreTests
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly InMemoryTwinStore _store = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Create_StoresOnlyTheHash()
    {
        var made = new ApiKeyStore(_store, _time).Create("ci-bot");
        var secret = made.Key.Split('_', 3)[2];
        var doc = _store.LoadDocument(ApiKeyStore.Kind, made.Info.Id)!;
        Assert.DoesNotContain(secret, doc.Json);
        using var json = JsonDocument.Parse(doc.Json);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))),
            json.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("ci-bot", doc.Title);
    }

    [Fact]
    public void Keys_AreUnique()
    {
        var keys = new ApiKeyStore(_store, _time);
        var a = keys.Create("a");
        var b = keys.Create("a");
        Assert.NotEqual(a.Info.Id, b.Info.Id);
        Assert.NotEqual(a.Key, b.Key);
        Assert.Equal(2, keys.List().Count);
    }

    [Fact]
    public void Revocation_ByAnotherProcess_TakesEffectWhenTheCachedRecordIsASecondOld()
    {
        var server = new ApiKeyStore(_store, _time);
        var made = server.Create("ci-bot");
        Assert.NotNull(server.Check(made.Key).Key);

        new ApiKeyStore(_store, _time).Revoke(made.Info.Id); // the CLI's own instance: the server's cache does not know
        _time.Now += ApiKeyStore.CacheFor - TimeSpan.FromMilliseconds(10);
        Assert.NotNull(server.Check(made.Key).Key);
        _time.Now += TimeSpan.FromMilliseconds(20);
        Assert.Contains("revoked", server.Check(made.Key).Failure);
    }

    [Fact]
    public void Revoke_ThroughTheSameInstance_IsImmediate()
    {
        var keys = new ApiKeyStore(_store, _time);
        var made = keys.Create("x");
        Assert.NotNull(keys.Check(made.Key).Key);
        keys.Revoke(made.Info.Id);
        Assert.Null(keys.Check(made.Key).Key);
    }

    [Fact]
    public void Expiry_IsChecked()
    {
        var keys = new ApiKeyStore(_store, _time);
        var made = keys.Create("x", _time.Now.AddHours(1));
        Assert.NotNull(keys.Check(made.Key).Key);
        _time.Now = _time.Now.AddHours(1);
        Assert.Contains("expired", keys.Check(made.Key).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    public void Create_BadName_IsInvalidArgument(string name) =>
        Assert.Equal(ErrorCodes.InvalidArgument, Assert.Throws<TwinLabException>(() => new ApiKeyStore(_store, _time).Create(name)).Code);

    [Fact]
    public void Create_ExpiryInThePast_IsInvalidArgument() =>
        Assert.Throws<TwinLabException>(() => new ApiKeyStore(_store, _time).Create("x", _time.Now.AddSeconds(-1)));

    [Fact]
    public void Revoke_Unknown_IsApiKeyNotFound() =>
        Assert.Equal("ApiKeyNotFound", Assert.Throws<TwinLabException>(() => new ApiKeyStore(_store, _time).Revoke("0123456789abcdef")).Code);

    [Theory]
    [InlineData("tlk_")]
    [InlineData("tlk_abc")]
    [InlineData("tlk_abc_")]
    [InlineData("tlk__secret")]
    [InlineData("tlk_ABC_secret")]
    [InlineData("eyJhbGciOi.x.y")]
    public void Check_Malformed_IsRefused(string key) =>
        Assert.Contains("malformed", new ApiKeyStore(_store, _time).Check(key).Failure);

    [Fact]
    public void Check_WrongSecret_IsRefused()
    {
        var keys = new ApiKeyStore(_store, _time);
        var made = keys.Create("x");
        Assert.Equal("The API key is not valid.", keys.Check($"tlk_{made.Info.Id}_{new string('A', 43)}").Failure);
    }
}
