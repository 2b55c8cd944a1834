using TwinLab.Core.Errors;
using TwinLab.Core.Models;
using static TwinLab.Core.Tests.Models.DtdlTestDocs;

namespace TwinLab.Core.Tests.Models;

public sealed class DtdlParserBadInputTests
{
    /// <summary>One rejected batch: the documents (doc0.json, doc1.json, …) and the error expected first.</summary>
    private sealed record BadCase(string[] Documents, string Rule, string File, string Path, string? MessageContains = null)
    {
        /// <summary>Models imported before the batch.</summary>
        public string[] Existing { get; init; } = [];
    }

    private static string Prop(string name, string schema = "\"double\"", string extra = "") =>
        $$"""{ "@type": "Property", "name": "{{name}}", "schema": {{schema}}{{(extra.Length > 0 ? ", " + extra : "")}} }""";

    private static string Contents(params string[] items) => $"\"contents\": [ {string.Join(", ", items)} ]";

    private static string ArrayOf(string json, string docContext = Context3) => "[ " + json.Replace("CTX", docContext) + " ]";

    private static string NestedArrays(int levels) =>
        Enumerable.Range(0, levels).Aggregate("\"double\"", (inner, _) => $$"""{ "@type": "Array", "elementSchema": {{inner}} }""");

    private static string Chain(int count) =>
        "[ " + string.Join(", ", Enumerable.Range(0, count).Select(i =>
            i == 0 ? V3("dtmi:test:L0;1") : V3($"dtmi:test:L{i};1", $"\"extends\": \"dtmi:test:L{i - 1};1\""))) + " ]";

    private static readonly Dictionary<string, BadCase> Cases = new()
    {
        ["malformed-json-missing-comma"] = new(["{\n  \"@context\": \"dtmi:dtdl:context;3\",\n  \"@id\": \"dtmi:test:A;1\"\n  \"@type\": \"Interface\"\n}"],
            "json-syntax", "doc0.json", "$", "line 4"),
        ["malformed-json-truncated"] = new(["{ \"@context\": \"dtmi:dtdl:context;3\", \"@id\": \"dtmi:test:A;1\", "], "json-syntax", "doc0.json", "$", "line 1"),
        ["document-is-a-string"] = new(["\"dtmi:test:A;1\""], "document-shape", "doc0.json", "$"),
        ["dtmi-version-zero"] = new([V3("dtmi:test:A;0")], "dtmi-syntax", "doc0.json", "$['@id']"),
        ["dtmi-segment-ends-with-underscore"] = new([V3("dtmi:test_:A;1")], "dtmi-syntax", "doc0.json", "$['@id']"),
        ["dtmi-wrong-scheme"] = new([V3("urn:test:A;1")], "dtmi-syntax", "doc0.json", "$['@id']"),
        ["dtmi-segment-starts-with-digit"] = new([V3("dtmi:1test:A;1")], "dtmi-syntax", "doc0.json", "$['@id']"),
        ["dtmi-empty-segment"] = new([V3("dtmi:test::A;1")], "dtmi-syntax", "doc0.json", "$['@id']"),
        ["interface-id-too-long"] = new([V3("dtmi:test:" + new string('a', 120) + ";1")], "dtmi-length", "doc0.json", "$['@id']"),
        ["reserved-dtmi"] = new([V3("dtmi:dtdl:Mine;1")], "dtmi-reserved", "doc0.json", "$['@id']"),
        ["missing-id"] = new(["""{ "@context": "dtmi:dtdl:context;3", "@type": "Interface" }"""], "missing-member", "doc0.json", "$", "@id"),
        ["missing-type"] = new(["""{ "@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:A;1" }"""], "missing-member", "doc0.json", "$", "@type"),
        ["missing-context"] = new(["""{ "@id": "dtmi:test:A;1", "@type": "Interface" }"""], "missing-member", "doc0.json", "$", "@context"),
        ["unsupported-context"] = new(["""{ "@context": "dtmi:dtdl:context;4", "@id": "dtmi:test:A;1", "@type": "Interface" }"""],
            "invalid-context", "doc0.json", "$['@context']"),
        ["dtdl-context-not-first"] = new(["""{ "@context": ["dtmi:dtdl:extension:quantitativeTypes;1", "dtmi:dtdl:context;3"], "@id": "dtmi:test:A;1", "@type": "Interface" }"""],
            "invalid-context", "doc0.json", "$['@context'][0]"),
        ["unknown-interface-type"] = new(["""{ "@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:A;1", "@type": "Interfase" }"""],
            "unknown-type", "doc0.json", "$['@type']"),
        ["unknown-content-type"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Propery", "name": "p", "schema": "double" }"""))],
            "unknown-type", "doc0.json", "$.contents[0]['@type']"),
        ["two-content-kinds"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": ["Property", "Telemetry"], "name": "p", "schema": "double" }"""))],
            "type-conflict", "doc0.json", "$.contents[0]['@type'][1]"),
        ["missing-name"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Property", "schema": "double" }"""))],
            "missing-member", "doc0.json", "$.contents[0]", "name"),
        ["missing-schema"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Property", "name": "p" }"""))],
            "missing-member", "doc0.json", "$.contents[0]", "schema"),
        ["unknown-schema"] = new([V3("dtmi:test:A;1", Contents(Prop("p", "\"strng\"")))], "unknown-schema", "doc0.json", "$.contents[0].schema", "strng"),
        ["v3-schema-in-v2"] = new([V2("dtmi:test:A;1", Contents(Prop("p", "\"uuid\"")))], "unsupported-in-version", "doc0.json", "$.contents[0].schema", "uuid"),
        ["v3-cotype-without-extension"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": ["Property", "Temperature"], "name": "t", "schema": "double", "unit": "degreeCelsius" }"""))],
            "unknown-type", "doc0.json", "$.contents[0]['@type'][1]", "Temperature"),
        ["unit-without-semantic-type"] = new([V3("dtmi:test:A;1", Contents(Prop("p", extra: "\"unit\": \"metre\"")))],
            "unknown-member", "doc0.json", "$.contents[0].unit"),
        ["misspelled-member"] = new([V3("dtmi:test:A;1", Contents(Prop("p", extra: "\"writeable\": true")))],
            "unknown-member", "doc0.json", "$.contents[0].writeable"),
        ["writable-is-string"] = new([V3("dtmi:test:A;1", Contents(Prop("p", extra: "\"writable\": \"yes\"")))],
            "wrong-type", "doc0.json", "$.contents[0].writable", "boolean"),
        ["contents-is-string"] = new([V3("dtmi:test:A;1", "\"contents\": \"p\"")], "wrong-type", "doc0.json", "$.contents"),
        ["enum-value-type-mismatch"] = new([V3("dtmi:test:A;1", Contents(Prop("e",
                """{ "@type": "Enum", "valueSchema": "integer", "enumValues": [ { "name": "a", "enumValue": 1 }, { "name": "b", "enumValue": "two" } ] }""")))],
            "enum-value-type", "doc0.json", "$.contents[0].schema.enumValues[1].enumValue"),
        ["enum-value-schema-double"] = new([V3("dtmi:test:A;1", Contents(Prop("e", """{ "@type": "Enum", "valueSchema": "double", "enumValues": [] }""")))],
            "enum-value-schema", "doc0.json", "$.contents[0].schema.valueSchema"),
        ["duplicate-enum-names"] = new([V3("dtmi:test:A;1", Contents(Prop("e",
                """{ "@type": "Enum", "valueSchema": "string", "enumValues": [ { "name": "a", "enumValue": "A" }, { "name": "a", "enumValue": "B" } ] }""")))],
            "duplicate-name", "doc0.json", "$.contents[0].schema.enumValues[1].name"),
        ["duplicate-enum-values"] = new([V3("dtmi:test:A;1", Contents(Prop("e",
                """{ "@type": "Enum", "valueSchema": "integer", "enumValues": [ { "name": "a", "enumValue": 1 }, { "name": "b", "enumValue": 1 } ] }""")))],
            "duplicate-value", "doc0.json", "$.contents[0].schema.enumValues[1].enumValue"),
        ["map-key-not-string"] = new([V3("dtmi:test:A;1", Contents(Prop("m",
                """{ "@type": "Map", "mapKey": { "name": "k", "schema": "integer" }, "mapValue": { "name": "v", "schema": "double" } }""")))],
            "map-key-schema", "doc0.json", "$.contents[0].schema.mapKey.schema"),
        ["duplicate-field-names"] = new([V3("dtmi:test:A;1", Contents(Prop("o",
                """{ "@type": "Object", "fields": [ { "name": "x", "schema": "double" }, { "name": "x", "schema": "long" } ] }""")))],
            "duplicate-name", "doc0.json", "$.contents[0].schema.fields[1].name"),
        ["duplicate-content-names"] = new([V3("dtmi:test:A;1", Contents(Prop("p"), """{ "@type": "Telemetry", "name": "p", "schema": "double" }"""))],
            "duplicate-name", "doc0.json", "$.contents[1].name", "'p'"),
        ["duplicate-name-through-extends"] = new([ArrayOf(
                V3("dtmi:test:Base;1", Contents(Prop("temp"))) + ", " +
                V3("dtmi:test:Mid;1", "\"extends\": \"dtmi:test:Base;1\"") + ", " +
                V3("dtmi:test:Leaf;1", "\"extends\": \"dtmi:test:Mid;1\", " + Contents(Prop("temp"))))],
            "duplicate-name", "doc0.json", "$[2].contents[0].name", "dtmi:test:Base;1"),
        ["duplicate-name-from-two-bases"] = new([ArrayOf(
                V3("dtmi:test:Left;1", Contents(Prop("x"))) + ", " + V3("dtmi:test:Right;1", Contents(Prop("x"))) + ", " +
                V3("dtmi:test:Both;1", "\"extends\": [\"dtmi:test:Left;1\", \"dtmi:test:Right;1\"]"))],
            "duplicate-name", "doc0.json", "$[2].extends[1]"),
        ["extends-cycle-of-two"] = new([ArrayOf(
                V3("dtmi:test:A;1", "\"extends\": \"dtmi:test:B;1\"") + ", " + V3("dtmi:test:B;1", "\"extends\": \"dtmi:test:A;1\""))],
            "extends-cycle", "doc0.json", "$[1].extends", "dtmi:test:A;1 → dtmi:test:B;1 → dtmi:test:A;1"),
        ["extends-cycle-of-three-across-files"] = new([
                V3("dtmi:test:A;1", "\"extends\": \"dtmi:test:B;1\""),
                V3("dtmi:test:B;1", "\"extends\": \"dtmi:test:C;1\""),
                V3("dtmi:test:C;1", "\"extends\": [\"dtmi:test:A;1\"]")],
            "extends-cycle", "doc2.json", "$.extends[0]", "dtmi:test:A;1 → dtmi:test:B;1 → dtmi:test:C;1 → dtmi:test:A;1"),
        ["extends-itself"] = new([V3("dtmi:test:A;1", "\"extends\": \"dtmi:test:A;1\"")], "extends-cycle", "doc0.json", "$.extends"),
        ["extends-too-deep"] = new([Chain(12)], "extends-depth", "doc0.json", "$[11].extends"),
        ["unresolved-extends"] = new([V3("dtmi:test:A;1", "\"extends\": \"dtmi:test:Missing;1\"")],
            "unresolved-reference", "doc0.json", "$.extends", "dtmi:test:Missing;1"),
        ["unresolved-component"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Component", "name": "c", "schema": "dtmi:test:Missing;1" }"""))],
            "unresolved-reference", "doc0.json", "$.contents[0].schema"),
        ["unresolved-relationship-target"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Relationship", "name": "r", "target": "dtmi:test:Missing;1" }"""))],
            "unresolved-reference", "doc0.json", "$.contents[0].target"),
        ["unresolved-schema-reference"] = new([V3("dtmi:test:A;1", Contents(Prop("p", "\"dtmi:test:NoSuchSchema;1\"")))],
            "unresolved-reference", "doc0.json", "$.contents[0].schema"),
        ["interface-used-as-property-schema"] = new([V3("dtmi:test:A;1", Contents(Prop("p", "\"dtmi:test:A;1\"")))],
            "schema-kind", "doc0.json", "$.contents[0].schema"),
        ["nested-component"] = new([ArrayOf(
                V3("dtmi:test:Outer;1", Contents("""{ "@type": "Component", "name": "mid", "schema": "dtmi:test:Middle;1" }""")) + ", " +
                V3("dtmi:test:Middle;1", Contents("""{ "@type": "Component", "name": "leaf", "schema": "dtmi:test:Leaf;1" }""")) + ", " +
                V3("dtmi:test:Leaf;1"))],
            "nested-component", "doc0.json", "$[0].contents[0].schema"),
        ["max-multiplicity-zero"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Relationship", "name": "r", "maxMultiplicity": 0 }"""))],
            "multiplicity", "doc0.json", "$.contents[0].maxMultiplicity"),
        ["min-multiplicity-one"] = new([V3("dtmi:test:A;1", Contents("""{ "@type": "Relationship", "name": "r", "minMultiplicity": 1 }"""))],
            "multiplicity", "doc0.json", "$.contents[0].minMultiplicity"),
        ["name-with-hyphen"] = new([V3("dtmi:test:A;1", Contents(Prop("temp-c")))], "name-syntax", "doc0.json", "$.contents[0].name", "'-'"),
        ["name-ending-with-underscore"] = new([V3("dtmi:test:A;1", Contents(Prop("temp_")))], "name-syntax", "doc0.json", "$.contents[0].name"),
        ["name-starting-with-digit"] = new([V3("dtmi:test:A;1", Contents(Prop("1temp")))], "name-syntax", "doc0.json", "$.contents[0].name"),
        ["name-too-long-v3"] = new([V3("dtmi:test:A;1", Contents(Prop("n" + new string('x', 512))))], "name-length", "doc0.json", "$.contents[0].name", "512"),
        ["name-too-long-v2"] = new([V2("dtmi:test:A;1", Contents(Prop("n" + new string('x', 64))))], "name-length", "doc0.json", "$.contents[0].name", "64"),
        ["display-name-too-long"] = new([V3("dtmi:test:A;1", "\"displayName\": \"" + new string('d', 65) + "\"")], "string-length", "doc0.json", "$.displayName"),
        ["array-nesting-six-deep"] = new([V3("dtmi:test:A;1", Contents(Prop("deep", NestedArrays(6))))], "schema-depth", "doc0.json", "$.contents[0].schema"),
        ["recursive-named-schema"] = new([V3("dtmi:test:A;1", Contents(Prop("tree", "\"dtmi:test:A:node;1\"")) +
                """, "schemas": [ { "@id": "dtmi:test:A:node;1", "@type": "Object", "fields": [ { "name": "child", "schema": "dtmi:test:A:node;1" } ] } ]""")],
            "schema-cycle", "doc0.json", "$.schemas[0].fields[0].schema"),
        ["duplicate-ids-in-batch"] = new([ArrayOf(V3("dtmi:test:A;1") + ", " + V3("dtmi:test:A;1"))], "duplicate-id", "doc0.json", "$[1]['@id']"),
        ["duplicate-ids-across-files"] = new([V3("dtmi:test:A;1"), V3("dtmi:test:A;1")], "duplicate-id", "doc1.json", "$['@id']", "doc0.json"),
        ["model-already-exists"] = new([V3("dtmi:test:A;1")], "model-exists", "doc0.json", "$['@id']", "dtmi:test:A;1")
        {
            Existing = [V3("dtmi:test:A;1")],
        },
        ["duplicate-json-member"] = new([V3("dtmi:test:A;1", Contents(Prop("p", extra: "\"name\": \"q\"")))], "duplicate-member", "doc0.json", "$.contents[0].name"),
        // Whitespace inside the object counts: the limit is on the interface's text, not its content.
        ["interface-over-one-mebibyte"] = new([V3("dtmi:test:A;1", "\"contents\": [" + new string(' ', 1 << 20) + "]")], "interface-size", "doc0.json", "$"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parse_BadInput_ThrowsWithRuleFileAndPath(string caseName)
    {
        var c = Cases[caseName];
        var existing = c.Existing.Length == 0 ? ModelSet.Empty : SetOf(Parse(c.Existing));
        IReadOnlyList<DtdlInterface>? result = null;

        var ex = Assert.Throws<DtdlValidationException>(() => result = DtdlParser.Parse(Docs(c.Documents), existing));

        Assert.Null(result);
        Assert.Equal(ErrorCodes.DtdlParserError, ex.Code);
        var all = string.Join("\n", ex.Errors);
        var first = ex.Errors[0];
        Assert.True(c.Rule == first.Rule && c.Path == first.JsonPath && c.File == first.File,
            $"expected {c.File}: {c.Path} [{c.Rule}] first; got:\n{all}");
        Assert.Contains(c.File, ex.Message);
        Assert.Contains(c.Path, ex.Message);
        Assert.Contains($"[{c.Rule}]", ex.Message);
        if (c.MessageContains is not null) Assert.Contains(c.MessageContains, first.Message);
    }

    [Fact]
    public void Parse_ErrorsInSeveralFiles_ReportsAllOfThemAndImportsNothing()
    {
        var docs = Docs(
            V3("dtmi:test:Good;1"),
            V3("dtmi:test:Bad1;1", Contents(Prop("p", "\"strng\""))),
            "{ not json",
            V3("dtmi:test:Bad2;1", "\"extends\": \"dtmi:test:Nowhere;1\""));

        var ex = Assert.Throws<DtdlValidationException>(() => DtdlParser.Parse(docs, ModelSet.Empty));

        Assert.Equal(
            ["doc1.json: unknown-schema", "doc2.json: json-syntax", "doc3.json: unresolved-reference"],
            ex.Errors.Select(e => $"{e.File}: {e.Rule}"));
        Assert.StartsWith("3 DTDL errors", ex.Message);
    }

    [Fact]
    public void Parse_ModelExists_ReportsEveryExistingIdWithItsOwnError()
    {
        var existing = SetOf(Parse(V3("dtmi:test:A;1"), V3("dtmi:test:B;1")));

        var ex = Assert.Throws<DtdlValidationException>(() => DtdlParser.Parse(Docs(V3("dtmi:test:A;1"), V3("dtmi:test:B;1"), V3("dtmi:test:C;1")), existing));

        Assert.Equal(["model-exists", "model-exists"], ex.Errors.Select(e => e.Rule));
        Assert.Equal(["doc0.json", "doc1.json"], ex.Errors.Select(e => e.File));
    }

    [Fact]
    public void Parse_ComponentOfExistingInterfaceWithComponents_IsNestedComponent()
    {
        var existing = SetOf(Parse(V3("dtmi:test:Leaf;1"), V3("dtmi:test:Holder;1", Contents("""{ "@type": "Component", "name": "leaf", "schema": "dtmi:test:Leaf;1" }"""))));

        var ex = Assert.Throws<DtdlValidationException>(() => DtdlParser.Parse(
            Docs(V3("dtmi:test:Outer;1", Contents("""{ "@type": "Component", "name": "holder", "schema": "dtmi:test:Holder;1" }"""))), existing));

        Assert.Equal("nested-component", Assert.Single(ex.Errors).Rule);
    }

    [Fact]
    public void Parse_ExtendsExistingChainTooDeep_IsExtendsDepth()
    {
        var existing = SetOf(DtdlParser.Parse([new DtdlSource(Chain(11), "chain.json")], ModelSet.Empty));

        var ex = Assert.Throws<DtdlValidationException>(() => DtdlParser.Parse(
            Docs(V3("dtmi:test:Deep;1", "\"extends\": \"dtmi:test:L10;1\"")), existing));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("extends-depth", "$.extends"), (error.Rule, error.JsonPath));
    }
}
