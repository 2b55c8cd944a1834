using System.Text;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Fuzz.Tests.Parsers;
using TwinLab.Network.Vulnerabilities;
using TwinLab.Server.Hosting;

namespace TwinLab.Fuzz.Tests.Regressions;

/// <summary>The minimal inputs of the JSON bugs the fuzzer found, each now a clear error.</summary>
public sealed class JsonInputTests
{
    [Fact]
    public void TwinIdThatIsALoneSurrogate_IsRefused()
    {
        // Was: InvalidOperationException from JsonElement.GetString (an internal error, HTTP 500).
        using var body = JsonDocument.Parse("""{"$dtId":"\ud800","$metadata":{"$model":"dtmi:twinlab:example:Room;1"}}""");
        var error = Assert.Throws<TwinLabException>(() => BuildingGraph.Fresh().CreateOrReplaceTwin("room", body.RootElement));
        Assert.Contains("$dtId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchPathThatIsALoneSurrogate_IsRefused()
    {
        var error = Assert.Throws<TwinLabException>(() => JsonPatchDocument.Parse("""[{"op":"add","path":"\ud800","value":1}]"""));
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse("""[{"op":"add","path":"\udc00","value":1}]""");
        Assert.Contains("[0].path", Assert.Throws<TwinLabException>(() => JsonPatchDocument.Parse(doc.RootElement)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestBodyWithALoneSurrogate_IsA400()
    {
        var error = Assert.Throws<TwinLabException>(() => RequestJson.Parse(Encoding.UTF8.GetBytes("""{"name":"a\ud800b"}""")));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        Assert.Contains("character 11", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00"}""", -1)]
    [InlineData("""{"a":"\\ud800"}""", -1)]
    [InlineData("""{"a":"\u00e9\ud800"}""", 12)]
    [InlineData("""{"a":"\udc00\ud800"}""", 6)]
    [InlineData("""{"a":"\ud800\u0041"}""", 6)]
    [InlineData("""{"a":"\ud800""", 6)]
    public void LoneSurrogateScan_FindsOnlyUnpairedHalves(string json, int expected)
    {
        Assert.Equal(expected, JsonSurrogates.FindLone(json));
        Assert.Equal(expected, JsonSurrogates.FindLone(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"twins":{}}""")]
    [InlineData("""{"twins":[[0,0]]}""")]
    [InlineData("""{"relationships":7}""")]
    [InlineData("""{"relationships":[1]}""")]
    public void GraphFileOfTheWrongShape_IsRefusedNamingTheField(string json)
    {
        // Was: InvalidOperationException ("requires an element of type 'Array'/'Object'").
        using var doc = JsonDocument.Parse(json);
        var error = Assert.Throws<TwinLabException>(() => GraphFile.Apply(BuildingGraph.Fresh(), doc.RootElement, "twins.json"));
        Assert.StartsWith("twins.json: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-400")]
    [InlineData("-3")]
    [InlineData("4294967296")]
    public void NvdTotalResultsThatIsNotACount_IsRefused(string total)
    {
        // Was: FormatException from JsonElement.GetInt32.
        var json = $$"""{"format":"NVD_CVE","version":"2.0","totalResults":{{total}},"vulnerabilities":[]}""";
        var error = Assert.Throws<VulnerabilityDataException>(() => NvdCveReader.Parse(json, "nvd.json"));
        Assert.Contains("totalResults", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NvdStringThatIsALoneSurrogate_IsRefusedWithItsPath()
    {
        // Was: InvalidOperationException from JsonElement.GetString.
        var json = """{"format":"NVD_CVE","version":"2.0","vulnerabilities":[],"timestamp":"\ud800"}""";
        var error = Assert.Throws<VulnerabilityDataException>(() => NvdCveReader.Parse(json, "nvd.json"));
        Assert.Contains("$.timestamp", error.Message, StringComparison.Ordinal);
    }
}
