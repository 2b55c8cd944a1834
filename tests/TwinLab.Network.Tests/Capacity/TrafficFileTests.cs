using TwinLab.Network.Capacity;
using TwinLab.Network.Tests.Reachability;

namespace TwinLab.Network.Tests.Capacity;

public sealed class TrafficFileTests
{
    private static readonly Lazy<CapacityNetwork> Example = new(() => LinksFile.Load(ExampleFiles.Path("links.yaml")));

    private static CapacityFileException Fails(string csv) =>
        Assert.Throws<CapacityFileException>(() => TrafficFile.Parse(csv, "flows.csv", Example.Value));

    [Fact]
    public void Load_ExampleTraffic_MapsHostsZonesAndAddressesToNodes()
    {
        var t = TrafficFile.Load(ExampleFiles.Path("traffic.csv"), Example.Value);

        Assert.Equal(18, t.Demands.Count);
        var https = t.Demands[0];
        Assert.Equal(("https-out", "dmz-sw", "isp", "web01", 520e6, 4), (https.Service, https.SourceNode, https.DestinationNode, https.SourceHost, https.Rate, https.Line));
        Assert.Equal("mail01", t.Demands.Single(d => d.Service == "smtp-in").DestinationHost);
        Assert.Equal("branch-rtr", t.Demands.Single(d => d.Service == "backup").DestinationNode);
    }

    [Fact]
    public void Parse_NfdumpStyleColumns_RateFromBytesOverDuration()
    {
        // nfdump -o csv names: sa, da, td (seconds), ibyt.
        var t = TrafficFile.Parse("ts,td,sa,da,sp,dp,pr,ibyt\n2026-11-26 10:00:00,300,10.20.1.21,10.10.10.20,50123,445,TCP,1875000000\n", "nf.csv", Example.Value);

        var d = Assert.Single(t.Demands);
        Assert.Equal(1875000000.0 * 8 / 300, d.Rate);
        Assert.Equal(("access-sw", "srv-sw", "hr-laptop-01", "files01"), (d.SourceNode, d.DestinationNode, d.SourceHost, d.DestinationHost));
    }

    [Fact]
    public void Parse_MeasuredLinkRates()
    {
        var t = TrafficFile.Parse("interface,bps\nuplink,640M\nwan,\"55M\"\n", "snmp.csv", Example.Value);

        Assert.Empty(t.Demands);
        Assert.Equal([("uplink", 640e6), ("wan", 55e6)], t.LinkRates.Select(r => (r.Link, r.Rate)));
    }

    [Theory]
    [InlineData("src,dst,rate\nweb01,mars,1G\n", 2, 2, "dst: 'mars' is not a node")]
    [InlineData("src,dst,rate\nweb01,db01,lots\n", 2, 3, "rate: 'lots' is not a rate")]
    [InlineData("# header next\nsrc,dst,rate\n\nweb01,db01\n", 4, 1, "has 2 column(s); the header on line 2 has 3")]
    [InlineData("who,what\nweb01,db01\n", 1, 1, "needs source and destination columns")]
    [InlineData("src,dst\nweb01,db01\n", 1, 1, "needs a rate column")]
    [InlineData("sa,da,bytes,duration\nweb01,db01,100,0\n", 2, 4, "is not a positive duration")]
    [InlineData("sa,da,bytes,duration\nweb01,db01,many,10\n", 2, 3, "is not a byte count")]
    [InlineData("link,rate\nmoon,1G\n", 2, 1, "unknown link 'moon'")]
    [InlineData("src,dst,rate\n,db01,1G\n", 2, 1, "src: is empty")]
    [InlineData("src,dst,rate\n", 1, 1, "no rows")]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("src,dst,rate\n\"web01,db01,1G\n", 2, 1, "not closed")]
    public void Parse_Mistakes_FileLineColumn(string csv, int line, int column, string problem)
    {
        var e = Fails(csv);

        Assert.Equal((line, column), ((int)e.Line, (int)e.Column));
        Assert.StartsWith($"flows.csv:{line}:{column}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
