using TwinLab.Core.Security;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

public sealed class PoliciesCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Yaml = """
        # operators read the building, but not the plant room
        entries:
          operators:
            subjects: [group:ops, key:dashboard]
            resources: ["tree:site-1/contains", "branch:main"]
            grant: [READ]
          plant:
            subjects: [group:ops]
            resources: ["twins:plant-*"]
            revoke: [READ]
        """;

    private static void AssertUserError((int Exit, string Out, string Err) result, string mentions)
    {
        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(mentions, result.Err);
    }

    [Fact]
    public void Set_FromYaml_ThenShowListAndRemove()
    {
        Assert.Equal(0, _cli.Run("policies", "set", "ops", "--file", _cli.File("ops.yaml", Yaml)).Exit);
        var shown = _cli.Json("policies", "show", "ops");
        Assert.Equal("twins:plant-*", shown["entries"]!["plant"]!["resources"]![0]!.GetValue<string>());
        var (_, list, _) = _cli.Run("policies", "list");
        Assert.Contains("tree:site-1/contains branch:main", list);
        Assert.Contains("group:ops key:dashboard", list);

        // What 'show' prints is what 'set' takes.
        Assert.Equal(0, _cli.Run("policies", "set", "copy", "--file", _cli.File("copy.json", shown.ToJsonString().Replace("\"ops\"", "\"copy\""))).Exit);
        Assert.Equal(2, _cli.Json("policies", "list").AsArray().Count);
        Assert.Equal(0, _cli.Run("policies", "remove", "copy").Exit);
        AssertUserError(_cli.Run("policies", "remove", "copy"), "No policy has id 'copy'");
    }

    [Fact]
    public void Set_RefusesABadEntry_NamingFileEntryAndField_AndKeepsThePolicyBefore()
    {
        _cli.Run("policies", "set", "ops", "--file", _cli.File("ops.yaml", Yaml));
        var bad = Yaml.Replace("grant: [READ]", "grant: [READ, DELETE]");
        AssertUserError(_cli.Run("policies", "set", "ops", "--file", _cli.File("bad.yaml", bad)), "bad.yaml: policy 'ops', entry 'operators', field 'grant'[1]: unknown permission 'DELETE'");
        AssertUserError(_cli.Run("policies", "set", "ops", "--file", _cli.File("bad2.yaml", "entries: {a: [x")), "bad2.yaml:");
        Assert.Equal(["READ"], _cli.Json("policies", "show", "ops")["entries"]!["operators"]!["grant"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void GrantRevokeAndCheck_ExplainWhichEntryDecided()
    {
        Assert.Equal(0, _cli.Run("policies", "grant", "key:ci", "read,write", "*").Exit);
        Assert.Equal(0, _cli.Run("policies", "revoke", "key:ci", "write", "branch:main", "--policy", "ci").Exit);
        var (_, allowed, _) = _cli.Run("policies", "check", "key:ci", "write", "branch:release");
        Assert.Equal("allowed by policy 'default' entry 'grant-1': grant READ,WRITE on *", allowed.Trim());
        var denied = _cli.Json("policies", "check", "key:ci", "write", "branch:main");
        Assert.False(denied["allowed"]!.GetValue<bool>());
        Assert.Equal("ci", denied["policy"]!.GetValue<string>());
        Assert.Equal("branch:main", denied["decidedBy"]!.GetValue<string>());
        var nobody = _cli.Json("policies", "check", "key:other", "read", "*");
        Assert.False(nobody["allowed"]!.GetValue<bool>());
        Assert.Contains("no policy entry grants it", nobody["explanation"]!.GetValue<string>());
        AssertUserError(_cli.Run("policies", "check", "key:ci", "read", "twins:a*"), "check one thing");
        AssertUserError(_cli.Run("policies", "grant", "ci", "read", "*"), "'ci' is not a subject");
    }

    [Fact]
    public void ApiKeysCreate_Grant_AddsEntriesForTheKey()
    {
        Assert.Equal(0, _cli.Run("apikeys", "create", "dash", "--grant", "read:model:dtmi:x:Room;1", "--grant", "admin").Exit);
        using var store = SqliteTwinStore.Open(_cli.Db);
        var access = new PolicyStore(store).Current().For(["key:dash"]);
        Assert.True(access.OnEverything(Permissions.Admin).Allowed);
        Assert.Equal(2, new PolicyStore(store).Find("apikeys")!.Entries.Count);
        AssertUserError(_cli.Run("apikeys", "create", "x", "--grant", "fly"), "unknown permission 'fly'");
    }
}
