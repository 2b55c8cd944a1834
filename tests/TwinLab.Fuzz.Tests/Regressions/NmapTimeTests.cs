using TwinLab.Network.Scan;

namespace TwinLab.Fuzz.Tests.Regressions;

/// <summary>Found by the fuzzer in CI: a scan whose <c>start</c> is in milliseconds (13 digits) made
/// <c>DateTimeOffset.FromUnixTimeSeconds</c> throw ArgumentOutOfRangeException instead of a ScanFileException.</summary>
public sealed class NmapTimeTests
{
    [Theory]
    [InlineData("1111268232000")]
    [InlineData("-99999999999999")]
    public void StartOutOfRange_IsAScanErrorNamingTheAttribute(string start)
    {
        var xml = $"""<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap" start="{start}" version="7.94" xmloutputversion="1.05"></nmaprun>""";
        var error = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(xml, "ms.xml"));
        Assert.Contains("out of range for a Unix time", error.Message, StringComparison.Ordinal);
        Assert.Contains("ms.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartInSeconds_IsRead() =>
        Assert.Equal(new DateTimeOffset(2010, 3, 10, 14, 40, 0, TimeSpan.Zero),
            NmapXmlReader.Parse("""<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap" start="1268232000" version="7.94" xmloutputversion="1.05"></nmaprun>""", "s.xml").Start);
}
