using TwinLab.Core.Errors;
using TwinLab.Core.Security;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Security;

public sealed class PolicyJsonTests
{
    private const string Good = """
        {"entries": {
          "operators": {"subjects": ["group:ops", "key:ci"], "resources": ["*"], "grant": ["READ", "write"], "revoke": []},
          "no-patients": {"subjects": ["group:ops"], "resources": ["model:dtmi:h:Patient;1", "tree:ward-3/contains"], "revoke": ["READ"]}
        }}
        """;

    [Fact]
    public void Read_RoundTrips()
    {
        var policy = PolicyJson.Read("ops", Good, "ops.json");
        Assert.Equal(2, policy.Entries.Count);
        Assert.Equal(Permissions.Read | Permissions.Write, policy.Entries[0].Grant);
        Assert.Equal(new PolicyResource(ResourceKind.Tree, "ward-3", "contains"), policy.Entries[1].Resources[1]);
        var again = PolicyJson.Read("ops", PolicyJson.Write(policy).ToJsonString(), "again");
        Assert.Equal(PolicyJson.Write(policy).ToJsonString(), PolicyJson.Write(again).ToJsonString());
    }

    [Theory]
    [InlineData("""{"entries": {"e": {"subjects": ["key:a"], "resources": ["*"], "grant": ["READ", "FLY"]}}}""", "entry 'e', field 'grant'[1]: unknown permission 'FLY'")]
    [InlineData("""{"entries": {"e": {"subjects": ["key:a"], "resources": ["twins:abc"], "grant": ["READ"]}}}""", "entry 'e', field 'resources'[0]: 'twins:abc' is not a resource")]
    [InlineData("""{"entries": {"e": {"subjects": ["bob"], "resources": ["*"], "grant": ["READ"]}}}""", "entry 'e', field 'subjects'[0]: 'bob' is not a subject")]
    [InlineData("""{"entries": {"e": {"subjects": ["key:a"], "resources": ["*"]}}}""", "entry 'e': grants and revokes nothing")]
    [InlineData("""{"entries": {"e": {"subjects": [], "resources": ["*"], "grant": ["READ"]}}}""", "entry 'e': field 'subjects' is empty")]
    [InlineData("""{"entries": {"e": {"subject": ["key:a"], "resources": ["*"], "grant": ["READ"]}}}""", "entry 'e': unknown field 'subject'")]
    [InlineData("""{"id": "other", "entries": {}}""", "field 'id' says \"other\"")]
    [InlineData("""{"entries": {"e": }""", "ops.json: not valid JSON (line 1)")]
    public void Read_RefusesBadInput_NamingEntryAndField(string json, string expected)
    {
        var e = Assert.Throws<TwinLabException>(() => PolicyJson.Read("ops", json, "ops.json"));
        Assert.Equal(ErrorCodes.InvalidArgument, e.Code);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("*", "*")]
    [InlineData("model:dtmi:a:B;1", "model:dtmi:a:B;1")]
    [InlineData("twins:room-*", "twins:room-*")]
    [InlineData("tree:site", "tree:site")]
    [InlineData("tree:site/contains", "tree:site/contains")]
    [InlineData("twin:a b", "twin:a b")]
    [InlineData("branch:main", "branch:main")]
    [InlineData("connection:plc-1", "connection:plc-1")]
    public void Resource_ParsesAndPrints(string text, string printed) => Assert.Equal(printed, PolicyResource.Parse(text, "t").ToString());

    [Theory]
    [InlineData("model:Room")]
    [InlineData("twins:*")]
    [InlineData("twins:a*b*")]
    [InlineData("twin:")]
    [InlineData("tree:/contains")]
    [InlineData("things:x")]
    [InlineData("**")]
    public void Resource_RefusesBadSyntax(string text) => Assert.Throws<TwinLabException>(() => PolicyResource.Parse(text, "t"));

    [Fact]
    public void Store_SavesListsChecksAndSeesOtherWritersWithinASecond()
    {
        var twins = new InMemoryTwinStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var server = new PolicyStore(twins, time);
        var cli = new PolicyStore(twins, time);
        Assert.False(server.Current().For(["key:ci"]).OnEverything(Permissions.Read).Allowed);
        cli.Add("admins", "key:ci", Permissions.Admin, PolicyResource.Everything, revoke: false);
        Assert.False(server.Current().For(["key:ci"]).OnEverything(Permissions.Read).Allowed, "cached for a second");
        time.Advance(PolicyStore.CacheFor);
        var set = server.Current();
        Assert.True(set.For(["key:ci"]).OnEverything(Permissions.Read).Allowed);
        time.Advance(PolicyStore.CacheFor);
        Assert.Same(set, server.Current());
        cli.Add("admins", "key:ci", Permissions.Write, PolicyResource.Parse("branch:main", "t"), revoke: true);
        time.Advance(PolicyStore.CacheFor);
        Assert.NotEqual(set.Stamp, server.Current().Stamp);
        Assert.False(server.Current().For(["key:ci"]).OnBranch(Permissions.Write, "main").Allowed);
        Assert.Equal(["grant-1", "revoke-2"], cli.Find("admins")!.Entries.Select(e => e.Label));
        Assert.True(cli.Remove("admins"));
        Assert.Empty(cli.List());
        Assert.False(cli.Remove("admins"));
    }
}
