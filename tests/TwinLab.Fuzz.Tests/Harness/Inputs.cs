using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>The input generator of each format: blind edits with the format's tokens, structure-aware hostile values,
/// and the seeds unchanged (which must parse).</summary>
internal static class Inputs
{
    /// <summary>JSON inputs from valid JSON seeds.</summary>
    public static Gen<string> Json(IReadOnlyList<string> seeds) => Mix(seeds, Tokens.Json, JsonHostile.Mutate(seeds));

    /// <summary>YAML inputs from valid YAML seeds.</summary>
    public static Gen<string> Yaml(IReadOnlyList<string> seeds) => Mix(seeds, Tokens.Yaml, YamlHostile.Mutate(seeds));

    /// <summary>XML inputs from valid XML seeds.</summary>
    public static Gen<string> Xml(IReadOnlyList<string> seeds) => Mix(seeds, Tokens.Xml, XmlHostile.Mutate(seeds));

    /// <summary>CSV inputs from valid CSV seeds.</summary>
    public static Gen<string> Csv(IReadOnlyList<string> seeds) => Mix(seeds, Tokens.Csv, CsvHostile.Mutate(seeds));

    /// <summary>Text inputs (a query language, a rules file) from seeds, with <paramref name="tokens"/> and a grammar.</summary>
    public static Gen<string> Text(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens, Gen<string> grammar) =>
        Mix(seeds, [.. Tokens.Values, .. tokens], grammar);

    private static Gen<string> Mix(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens, Gen<string> structured) =>
        Gen.Frequency((5, TextMutator.Mutate(seeds, tokens)), (4, structured), (1, Gen.OneOf([.. seeds])));
}
