using TwinLab.Network.Defence;

namespace TwinLab.Network.Tests.Defence;

public sealed class CostFileTests
{
    private const string Costs = """
        # Effort in hours for the 2024 hardening sprint.
        kinds:
          patch: 3
          close-port: 1
        hosts:
          dc01: { patch: 8, close-port: 16 }
        cves:
          CVE-2021-1675: 4
        measures:
          "close:web01:443": 40
        exclude:
          - "untrust:mgmt01->db01:root"
        """;

    [Fact]
    public void Parse_MostSpecificEntryWins()
    {
        var model = DefenceCostModel.Parse(Costs, "costs.yaml");

        Assert.Equal(40, model.CostOf(new ClosePort("web01", 443)));           // measure id (normalised)
        Assert.Equal(4, model.CostOf(new PatchVulnerability("CVE-2021-1675", "dc01"))); // CVE before host
        Assert.Equal(8, model.CostOf(new PatchVulnerability("CVE-2020-1472", "dc01")));  // host and kind
        Assert.Equal(16, model.CostOf(new ClosePort("dc01", 445)));
        Assert.Equal(3, model.CostOf(new PatchVulnerability("CVE-2020-1472", "web01"))); // kind
        Assert.Equal(1, model.CostOf(new RemoveTrust("a", "b")));                       // default kind cost
        Assert.False(model.Allows(new RemoveTrust("mgmt01", "db01", "root")));
        Assert.True(model.Allows(new RemoveTrust("mgmt01", "db01", "admin")));
    }

    [Fact]
    public void Default_IsTheDocumentedHours()
    {
        var d = DefenceCostModel.Default;
        Assert.Equal(2, d.CostOf(new PatchVulnerability("CVE-2021-44228", "app01")));
        Assert.Equal(0.5, d.CostOf(new ClosePort("app01", 8080)));
        Assert.Equal(1, d.CostOf(new RemoveAllowedFlow("ws", "dc", "tcp", 445)));
        Assert.Equal(4, d.CostOf(new IsolateHost("app01")));
        Assert.Equal(DefenceCostModel.Default, DefenceCostModel.Parse("", "empty.yaml"));
    }

    [Theory]
    [InlineData("kinds:\n  patch: 2\nowners: {}\n", 3, 1, "owners: unknown section")]
    [InlineData("kinds:\n  reboot: 2\n", 2, 3, "kinds.reboot: unknown measure kind")]
    [InlineData("kinds:\n  patch: -1\n", 2, 10, "kinds.patch: is -1; a cost must not be negative")]
    [InlineData("hosts:\n  dc01:\n    patch: lots\n", 3, 12, "hosts.dc01.patch: 'lots' is not a number")]
    [InlineData("measures:\n  \"reboot:web01\": 1\n", 2, 3, "measures.reboot:web01: not a measure id")]
    [InlineData("exclude:\n  - close:web01:http\n", 2, 5, "exclude[0]: not a measure id")]
    [InlineData("kinds: [patch, 2\n", 2, 1, "not valid YAML")]
    [InlineData("cves:\n  CVE-2021-1675: 1\n  CVE-2021-1675: 2\n", 3, 3, "")]
    public void Parse_BadFile_NamesFileLineAndField(string text, int line, int column, string problem)
    {
        var e = Assert.Throws<DefenceCostFileException>(() => DefenceCostModel.Parse(text, "costs.yaml"));
        Assert.Equal("costs.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.StartsWith($"costs.yaml:{line}:{column}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var e = Assert.Throws<DefenceCostFileException>(() => DefenceCostModel.Load("/nonexistent/costs.yaml"));
        Assert.StartsWith("/nonexistent/costs.yaml:1:1: cannot be read", e.Message);
    }
}
