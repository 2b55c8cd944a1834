using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Tests.Hosting;

/// <summary><c>--store postgres</c> settings: refused with a message naming the option, never quoting the password.</summary>
public sealed class PostgresStoreSettingsTests
{
    private const string Secret = "S3cr3t-Pw";
    private const string Connection = "Host=127.0.0.1;Port=1;Username=u;Password=" + Secret + ";Database=d";

    private static ServerSettings Postgres(string? connection = Connection, string schema = "twinlab") =>
        new("node.db", true, ["http://127.0.0.1:5080"]) { Store = StoreKind.Postgres, PostgresConnection = connection, PostgresSchema = schema };

    [Fact]
    public void RefusalReason_ValidPostgresSettings_Allowed() => Assert.Null(Postgres().RefusalReason());

    [Theory]
    [InlineData("bad-name")]
    [InlineData("1starts_with_digit")]
    [InlineData("")]
    public void RefusalReason_BadSchema_NamesTheOption(string schema) =>
        Assert.Contains("--postgres-schema", Postgres(schema: schema).RefusalReason());

    [Fact]
    public void RefusalReason_NoConnectionString_SaysWhereOneComesFrom() =>
        Assert.Contains(ServerSettings.PostgresVariable, Postgres(connection: null).RefusalReason());

    [Fact]
    public void RefusalReason_UnreadableConnectionString_NamesTheOption_NotThePassword()
    {
        var reason = Postgres("Host=127.0.0.1;Bogus=" + Secret).RefusalReason();
        Assert.Contains("--postgres", reason);
        Assert.DoesNotContain(Secret, reason);
    }

    [Fact]
    public void RefusalReason_EncryptionKeyFileWithPostgres_Refused() =>
        Assert.Contains("SQLite databases only", (Postgres() with { EncryptionKeyFile = "master.key" }).RefusalReason());

    [Fact]
    public void RefusalReason_PostgresOptionsWithSqlite_Refused() =>
        Assert.Contains("--store postgres", new ServerSettings("x.db", true, ["http://127.0.0.1:5080"]) { PostgresSchema = "other" }.RefusalReason());

    [Fact]
    public void ToStringAndStoreDisplay_NeverShowThePassword()
    {
        var settings = Postgres();
        Assert.DoesNotContain(Secret, settings.ToString());
        Assert.DoesNotContain(Secret, settings.StoreDisplay);
        Assert.Contains("127.0.0.1:1", settings.StoreDisplay);
    }

    [Fact]
    public void Build_UnreachableDatabase_ClearErrorNamingTheOption_NotThePassword()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TwinLabServer.Build(Postgres()));
        Assert.Contains("--store postgres", e.Message);
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.DoesNotContain(Secret, e.Message);
    }

    [Fact]
    public void From_ReadsStoreAndSchema_EnvReadsTheVariable()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinLab:Store"] = "Postgres",
            ["TwinLab:Postgres:Connection"] = Connection,
            ["TwinLab:Postgres:Schema"] = "fleet",
            ["TwinLab:Lease:Interval"] = "00:00:05",
        }).Build();
        var settings = ServerSettings.From(configuration);
        Assert.Equal(StoreKind.Postgres, settings.Store);
        Assert.Equal(Connection, settings.PostgresConnection);
        Assert.Equal("fleet", settings.PostgresSchema);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.LeaseInterval);
        Assert.Equal(Environment.GetEnvironmentVariable(ServerSettings.PostgresVariable) is { Length: > 0 } v ? v : null, ServerSettings.ResolvePostgres("env"));
    }

    [Fact]
    public void PostgresLease_Key_IsStableAndNonNegative()
    {
        Assert.Equal(PostgresLease.Key("twinlab"), PostgresLease.Key("twinlab"));
        Assert.NotEqual(PostgresLease.Key("twinlab"), PostgresLease.Key("twinlab2"));
        Assert.True(PostgresLease.Key("fleet") >= 0);
    }
}
