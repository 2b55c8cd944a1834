using TwinLab.Network.Defence;

namespace TwinLab.Network.Tests.Defence;

public sealed class MeasureTextTests
{
    [Theory]
    [InlineData("patch:CVE-2021-41773@web01", typeof(PatchVulnerability))]
    [InlineData("patch:CVE-2021-44228", typeof(PatchVulnerability))]
    [InlineData("close:web01:tcp/443", typeof(ClosePort))]
    [InlineData("close:dns01:udp/53", typeof(ClosePort))]
    [InlineData("block:laptop01->dc01:tcp/445", typeof(BlockFlow))]
    [InlineData("block:ws->dc:*/*", typeof(BlockFlow))]
    [InlineData("unallow:ws->dc:tcp/445", typeof(RemoveAllowedFlow))]
    [InlineData("untrust:mgmt01->db01:root", typeof(RemoveTrust))]
    [InlineData("untrust:mgmt01->db01", typeof(RemoveTrust))]
    [InlineData("uncredential:domain-admin@web01", typeof(RemoveStoredCredential))]
    [InlineData("uncredential:domain-admin", typeof(RemoveStoredCredential))]
    [InlineData("isolate:laptop01", typeof(IsolateHost))]
    [InlineData("move:db01->restricted", typeof(MoveHost))]
    public void Parse_CanonicalText_RoundTrips(string text, Type type)
    {
        var m = DefenceMeasure.Parse(text);
        Assert.IsType(type, m);
        Assert.Equal(text, m.Id);
        Assert.Equal(text, m.ToString());
    }

    [Fact]
    public void Parse_ShortForms_Normalise()
    {
        Assert.Equal("close:web01:tcp/443", DefenceMeasure.Parse(" close:web01:443 ").Id);
        Assert.Equal("block:a->b:*/*", DefenceMeasure.Parse("block:a->b").Id);
        Assert.Equal(new ClosePort("web01", 443), DefenceMeasure.Parse("close:web01:TCP/443"));
    }

    [Theory]
    [InlineData("reboot:web01", "unknown measure 'reboot'")]
    [InlineData("web01", "not a measure")]
    [InlineData("close:web01:http", "'http' is not a port")]
    [InlineData("close:web01:70000", "'70000' is not a port")]
    [InlineData("block:web01:tcp/80", "expected block:source->destination")]
    [InlineData("patch:", "the name is empty")]
    [InlineData("move:db01", "expected move:host->zone")]
    public void Parse_Malformed_NamesTheText(string text, string problem)
    {
        var e = Assert.Throws<DefenceMeasureException>(() => DefenceMeasure.Parse(text));
        Assert.StartsWith(text + ": ", e.Message);
        Assert.Contains(problem, e.Problem);
    }
}
