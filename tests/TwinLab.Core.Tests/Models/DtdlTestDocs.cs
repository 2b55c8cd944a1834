using TwinLab.Core.Models;

namespace TwinLab.Core.Tests.Models;

/// <summary>Small builders for DTDL test documents.</summary>
internal static class DtdlTestDocs
{
    public const string Context3 = "\"@context\": \"dtmi:dtdl:context;3\"";
    public const string Context2 = "\"@context\": \"dtmi:dtdl:context;2\"";

    /// <summary>A v3 interface; <paramref name="members"/> is extra JSON members without the leading comma.</summary>
    public static string V3(string id, string members = "") => Interface(Context3, id, members);

    /// <summary>A v2 interface.</summary>
    public static string V2(string id, string members = "") => Interface(Context2, id, members);

    /// <summary>An interface object without @context (for use inside an array document that adds it).</summary>
    public static string Interface(string context, string id, string members) =>
        $$"""{ {{context}}, "@id": "{{id}}", "@type": "Interface"{{(members.Length > 0 ? ", " + members : "")}} }""";

    /// <summary>Documents named doc0.json, doc1.json, … in order.</summary>
    public static DtdlSource[] Docs(params string[] texts) => texts.Select((t, i) => new DtdlSource(t, $"doc{i}.json")).ToArray();

    /// <summary>Parses against an empty model set.</summary>
    public static IReadOnlyList<DtdlInterface> Parse(params string[] texts) => DtdlParser.Parse(Docs(texts), ModelSet.Empty);

    /// <summary>A model set holding the given interfaces.</summary>
    public static ModelSet SetOf(IEnumerable<DtdlInterface> interfaces) =>
        ModelSet.Empty.With(interfaces.Select(i => new ModelEntry(i, DateTimeOffset.UnixEpoch)));
}
