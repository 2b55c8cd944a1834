using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// A duration distribution as JSON: <c>{"family": "lognormal", "mu": 5.6, "sigma": 0.5}</c>. Parameters are exact:
/// they come from the distribution's scenario-file form, which writes every double in its shortest round-trip form.
/// </summary>
/// <remarks>Only parametric families are stored; an empirical or categorical distribution (which calibration never
/// produces) is refused rather than stored as a summary that would read back as something else.</remarks>
internal static class DistributionJson
{
    /// <summary>The families and their parameters, in the order the factories take them.</summary>
    private static readonly Dictionary<string, string[]> Families = new(StringComparer.Ordinal)
    {
        ["exponential"] = ["rate"],
        ["lognormal"] = ["mu", "sigma"],
        ["gamma"] = ["shape", "scale"],
        ["weibull"] = ["shape", "scale"],
        ["normal"] = ["mean", "sd"],
        ["uniform"] = ["min", "max"],
        ["triangular"] = ["min", "mode", "max"],
        ["constant"] = ["value"],
        ["bernoulli"] = ["p"],
    };

    public static string FamilyList => string.Join(", ", Families.Keys);

    /// <exception cref="StoredTwinException">The family cannot be stored.</exception>
    public static JsonObject Write(Distribution distribution, string path)
    {
        var text = distribution.ToString();
        var open = text.IndexOf('(');
        var family = open > 0 ? text[..open] : text;
        if (open < 0 || !text.EndsWith(')') || !Families.TryGetValue(family, out var names))
            throw new StoredTwinException($"{path}: the distribution {text} cannot be stored; stored families: {FamilyList}.");
        var inner = text[(open + 1)..^1].Split(", ");
        var o = new JsonObject { ["family"] = family };
        for (var k = 0; k < inner.Length; k++)
        {
            var equals = inner[k].IndexOf('=');
            var name = equals < 0 ? names[k] : inner[k][..equals];
            o[name] = double.Parse(inner[k][(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return o;
    }

    /// <exception cref="StoredTwinException">An unknown family, a missing or out-of-range parameter.</exception>
    public static Distribution Read(JsonNode? node, string path)
    {
        var o = StoredJson.Object(node, path);
        var family = StoredJson.Text(o, "family", path);
        if (!Families.TryGetValue(family, out var names))
            throw new StoredTwinException($"{path}.family: unknown distribution family '{family}'; stored families: {FamilyList}.");
        var p = names.Select(n => StoredJson.Number(o, n, path)).ToArray();
        try
        {
            return family switch
            {
                "exponential" => Distribution.Exponential(p[0]),
                "lognormal" => Distribution.LogNormal(p[0], p[1]),
                "gamma" => Distribution.GammaWithScale(p[0], p[1]),
                "weibull" => Distribution.Weibull(p[0], p[1]),
                "normal" => Distribution.Normal(p[0], p[1]),
                "uniform" => Distribution.Uniform(p[0], p[1]),
                "triangular" => Distribution.Triangular(p[0], p[1], p[2]),
                "constant" => Distribution.Constant(p[0]),
                _ => Distribution.Bernoulli(p[0]),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new StoredTwinException($"{path}: {family} parameters out of range: {e.Message}");
        }
    }
}
