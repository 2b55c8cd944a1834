using System.Net;
using System.Net.Sockets;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Network.Scan;

namespace TwinLab.Fuzz.Tests.Regressions;

/// <summary>
/// The one XML reader of outside input (nmap scans) refuses entities: an external entity (XXE) reads no file and opens
/// no connection, and the billion laughs expands nothing. <see cref="NmapXmlReader"/> ignores the DTD, so any entity
/// reference is undeclared and the file is reported as malformed XML.
/// </summary>
public sealed class XmlEntityTests
{
    private static readonly string Scan = Corpus.Files("examples/network/scan.xml")[0];

    [Fact]
    public void ExternalFileEntity_IsRefusedAndTheFileIsNotRead()
    {
        var dir = Directory.CreateTempSubdirectory("twinlab-xxe").FullName;
        try
        {
            var secret = Path.Combine(dir, "secret.txt");
            File.WriteAllText(secret, "TOP-SECRET-MARKER");
            var xml = XmlHostile.Declare(Scan, $"<!ENTITY xxe SYSTEM \"file://{secret}\">", "&xxe;", pick: 3);

            var error = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(xml, "xxe.xml"));

            Assert.Contains("xxe", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("TOP-SECRET-MARKER", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ExternalUrlEntity_OpensNoConnection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var entity = $"<!ENTITY xxe SYSTEM \"http://127.0.0.1:{port}/xxe\">";
            var withReference = XmlHostile.Declare(Scan, entity, "&xxe;", pick: 0);
            var parameterEntity = XmlHostile.Declare(Scan, $"<!ENTITY % p SYSTEM \"http://127.0.0.1:{port}/p\"> %p;", "", pick: 0);

            Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(withReference, "xxe.xml"));
            // The parameter entity is never expanded: the DTD is skipped, the scan itself is read.
            NmapXmlReader.Parse(parameterEntity, "xxe.xml");

            Assert.False(listener.Pending(), "the XML reader connected to the entity's URL");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void BillionLaughs_IsRefusedWithoutExpanding()
    {
        var xml = XmlHostile.Declare(Scan, XmlHostile.BillionLaughs(10), "&l10;", pick: 1);
        ParserProperty.Holds(xml, () => Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(xml, "laughs.xml")));
    }

    [Fact]
    public void DeeplyNestedHost_IsRefusedWithAnError_NotAStackOverflow()
    {
        // Found by the fuzzer: 20,000 nested elements inside a <port> overflowed the stack in XElement.Value (a crash
        // of the whole process), and 16,000 took seconds to load. Now nesting deeper than 64 levels is refused as it is
        // read, naming the line.
        var deep = XmlHostile.Apply(Scan, XmlHostile.Attack.DeepNesting, pick: 5, size: 20_000);
        ScanFileException? error = null;
        ParserProperty.Holds(deep, () => error = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(deep, "deep.xml")));
        Assert.Contains("nested more than 64 levels", error!.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }
}
