using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class JsonPatchTests
{
    // ================================================================ JsonPatchOperation.Segments

    [Theory]
    [InlineData("/age", new[] { "age" })]
    [InlineData("/monitor/serial", new[] { "monitor", "serial" })]
    [InlineData("/labResults/na~1k", new[] { "labResults", "na/k" })]
    [InlineData("/labResults/a~0b", new[] { "labResults", "a~b" })]
    [InlineData("/labResults/~01", new[] { "labResults", "~1" })]
    [InlineData("/labResults/~10", new[] { "labResults", "/0" })]
    [InlineData("/$metadata/$model", new[] { "$metadata", "$model" })]
    [InlineData("/medications/-", new[] { "medications", "-" })]
    public void Segments_ValidPointer_UnescapesTokens(string path, string[] expected)
    {
        Assert.Equal(expected, JsonPatchOperation.Remove(path).Segments());
    }

    [Theory]
    [InlineData("", "must start with '/'")]
    [InlineData("age", "must start with '/'")]
    [InlineData("/", "empty segment")]
    [InlineData("/address//city", "empty segment")]
    [InlineData("/age/", "empty segment")]
    [InlineData("/a~", "invalid escape")]
    [InlineData("/a~2b", "invalid escape")]
    public void Segments_InvalidPointer_ThrowsInvalidArgumentNamingPath(string path, string what)
    {
        var ex = Assert.Throws<TwinLabException>(() => JsonPatchOperation.Remove(path).Segments());

        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Factories_SetOpPathAndValue()
    {
        var value = Json("5");

        Assert.Equal(new JsonPatchOperation(PatchOp.Add, "/a", value), JsonPatchOperation.Add("/a", value));
        Assert.Equal(new JsonPatchOperation(PatchOp.Replace, "/a", value), JsonPatchOperation.Replace("/a", value));
        Assert.Equal(new JsonPatchOperation(PatchOp.Remove, "/a"), JsonPatchOperation.Remove("/a"));
        Assert.Null(JsonPatchOperation.Remove("/a").Value);
    }

    // ================================================================ JsonPatchDocument.Parse

    [Fact]
    public void Parse_AllThreeOps_ReadsOpsPathsAndValuesInOrder()
    {
        var ops = JsonPatchDocument.Parse("""
            [
              { "op": "add", "path": "/labResults/k", "value": 4.1 },
              { "op": "replace", "path": "/address", "value": { "city": "York" } },
              { "op": "remove", "path": "/smoker" },
              { "op": "add", "path": "/name", "value": null }
            ]
            """);

        Assert.Equal([PatchOp.Add, PatchOp.Replace, PatchOp.Remove, PatchOp.Add], ops.Select(o => o.Op));
        Assert.Equal(["/labResults/k", "/address", "/smoker", "/name"], ops.Select(o => o.Path));
        Assert.Equal("4.1", Compact(ops[0].Value!.Value));
        Assert.Equal("{\"city\":\"York\"}", Compact(ops[1].Value!.Value));
        Assert.Null(ops[2].Value);
        Assert.Equal("null", Compact(ops[3].Value!.Value));
    }

    [Fact]
    public void Parse_RemoveWithValue_IgnoresValue()
    {
        var op = Assert.Single(JsonPatchDocument.Parse("""[{"op":"remove","path":"/age","value":3}]"""));

        Assert.Null(op.Value);
    }

    [Fact]
    public void Parse_EmptyArray_ReturnsNoOperations()
    {
        Assert.Empty(JsonPatchDocument.Parse("[]"));
    }

    [Fact]
    public void Parse_FromElement_ValuesOutliveTheDocument()
    {
        IReadOnlyList<JsonPatchOperation> ops;
        using (var doc = System.Text.Json.JsonDocument.Parse("""[{"op":"add","path":"/age","value":61}]"""))
            ops = JsonPatchDocument.Parse(doc.RootElement);

        Assert.Equal(61, ops[0].Value!.Value.GetInt32());
    }

    [Theory]
    [InlineData("""[{"op":"add","path":"/a","value":1}""", "not valid JSON")]
    [InlineData("""{"op":"add","path":"/a","value":1}""", "must be an array")]
    [InlineData("""[{"op":"add","path":"/a","value":1}, 7]""", "operation [1] must be an object")]
    [InlineData("""[{"path":"/a","value":1}]""", "operation [0].op is missing")]
    [InlineData("""[{"op":1,"path":"/a","value":1}]""", "operation [0].op is missing or not a string")]
    [InlineData("""[{"op":"add","value":1}]""", "operation [0].path is missing")]
    [InlineData("""[{"op":"add","path":["a"],"value":1}]""", "operation [0].path is missing or not a string")]
    [InlineData("""[{"op":"add","path":"/a","value":1},{"op":"move","from":"/a","path":"/b"}]""", "operation [1].op 'move' is not supported")]
    [InlineData("""[{"op":"test","path":"/a","value":1}]""", "operation [0].op 'test' is not supported")]
    [InlineData("""[{"op":"copy","from":"/a","path":"/b"}]""", "'copy' is not supported")]
    [InlineData("""[{"op":"replace","path":"/a"}]""", "operation [0].value is required for 'replace'")]
    [InlineData("""[{"op":"add","path":"/a"}]""", "operation [0].value is required for 'add'")]
    [InlineData("""[{"op":"remove","path":"a"}]""", "'a' must start with '/'")]
    [InlineData("""[{"op":"remove","path":"/a~3"}]""", "'/a~3' has an invalid escape")]
    public void Parse_MalformedDocument_ThrowsInvalidArgumentNamingOperationAndField(string json, string expected)
    {
        var ex = Assert.Throws<TwinLabException>(() => JsonPatchDocument.Parse(json));

        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(expected, ex.Message);
    }

    // ================================================================ parsed documents driving the graph

    [Fact]
    public void Parse_ThenUpdateTwin_AppliesEveryOperation()
    {
        var f = new TwinFixture();
        f.CreateFullPatient();

        f.Graph.UpdateTwin("patient-ada", JsonPatchDocument.Parse("""
            [
              { "op": "replace", "path": "/age", "value": 59 },
              { "op": "add", "path": "/labResults/potassium", "value": 4.4 },
              { "op": "remove", "path": "/address/street" },
              { "op": "replace", "path": "/monitor/serial", "value": "BP-0043" }
            ]
            """));

        Assert.Equal("59", f.Raw("patient-ada", "age"));
        Assert.Equal("{\"ldl\":3.1,\"hba1c\":5.4,\"potassium\":4.4}", f.Raw("patient-ada", "labResults"));
        Assert.Equal("{\"city\":\"London\",\"postcode\":\"SW1Y 4JH\"}", f.Raw("patient-ada", "address"));
    }

    [Fact]
    public void UpdateTwin_EmptyPatch_StillBumpsETag()
    {
        var f = new TwinFixture();
        var twin = f.CreateFullPatient();

        var updated = f.Graph.UpdateTwin("patient-ada", []);

        Assert.NotEqual(twin.ETag, updated.ETag);
        Assert.Equal(twin.Properties, updated.Properties);
    }
}
