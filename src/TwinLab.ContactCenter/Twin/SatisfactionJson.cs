using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Synthetic;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// A satisfaction predictor as JSON: <c>{"kind": "linear", "terms": [{"term", "estimate", "standardError"}], "minScore",
/// "maxScore", fit quality}</c> for the fitted regression, or <c>{"kind": "synthetic", …}</c> for the synthetic
/// centre's known truth. A linear one reads back as a <see cref="LinearSatisfactionPredictor"/>.
/// </summary>
internal static class SatisfactionJson
{
    public static JsonObject Write(ISatisfactionPredictor predictor, string path) => predictor switch
    {
        SatisfactionModel m => Linear(m.Coefficients, m.MinScore, m.MaxScore, m.Rows, m.RSquared, m.HoldOutRows, m.HoldOutRSquared, m.HoldOutRmse),
        LinearSatisfactionPredictor l => Linear(l.Coefficients, l.MinScore, l.MaxScore, l.Rows, l.RSquared, l.HoldOutRows, l.HoldOutRSquared, l.HoldOutRmse),
        SyntheticSatisfaction s => new JsonObject
        {
            ["kind"] = "synthetic", ["intercept"] = s.Intercept, ["resolvedEffect"] = s.ResolvedEffect,
            ["waitEffectPerMinute"] = s.WaitEffectPerMinute, ["chatEffect"] = s.ChatEffect, ["noiseSd"] = s.NoiseSd,
        },
        _ => throw new StoredTwinException($"{path}: a satisfaction predictor of type {predictor.GetType().Name} cannot be stored; stored kinds: linear (the calibrated regression), synthetic."),
    };

    public static ISatisfactionPredictor Read(JsonNode? node, string path)
    {
        var o = StoredJson.Object(node, path);
        var kind = StoredJson.Text(o, "kind", path);
        switch (kind)
        {
            case "linear":
                var terms = StoredJson.Array(o, "terms", path).Select((t, i) =>
                {
                    var where = $"{path}.terms[{i}]";
                    var term = StoredJson.Object(t, where);
                    return new SatisfactionCoefficient(StoredJson.Text(term, "term", where), StoredJson.Number(term, "estimate", where),
                        StoredJson.NumberOrNaN(term, "standardError", where));
                }).ToList();
                try
                {
                    return new LinearSatisfactionPredictor(terms, StoredJson.Number(o, "minScore", path), StoredJson.Number(o, "maxScore", path))
                    {
                        Rows = (int)(StoredJson.NumberOrNull(o, "rows", path) ?? 0),
                        RSquared = StoredJson.NumberOrNaN(o, "rSquared", path),
                        HoldOutRows = (int)(StoredJson.NumberOrNull(o, "holdOutRows", path) ?? 0),
                        HoldOutRSquared = StoredJson.NumberOrNaN(o, "holdOutRSquared", path),
                        HoldOutRmse = StoredJson.NumberOrNaN(o, "holdOutRmse", path),
                    };
                }
                catch (ArgumentException e)
                {
                    throw new StoredTwinException($"{path}: {e.Message}");
                }
            case "synthetic":
                return new SyntheticSatisfaction
                {
                    Intercept = StoredJson.Number(o, "intercept", path),
                    ResolvedEffect = StoredJson.Number(o, "resolvedEffect", path),
                    WaitEffectPerMinute = StoredJson.Number(o, "waitEffectPerMinute", path),
                    ChatEffect = StoredJson.Number(o, "chatEffect", path),
                    NoiseSd = StoredJson.Number(o, "noiseSd", path),
                };
            default:
                throw new StoredTwinException($"{path}.kind: unknown satisfaction model '{kind}'; stored kinds: linear, synthetic.");
        }
    }

    private static JsonObject Linear(IReadOnlyList<SatisfactionCoefficient> terms, double min, double max, int rows, double r2,
        int holdOutRows, double holdOutR2, double holdOutRmse) => new()
    {
        ["kind"] = "linear",
        ["terms"] = new JsonArray([.. terms.Select(t => (JsonNode)new JsonObject
        {
            ["term"] = t.Term, ["estimate"] = t.Estimate, ["standardError"] = StoredJson.Finite(t.StandardError),
        })]),
        ["minScore"] = min,
        ["maxScore"] = max,
        ["rows"] = rows,
        ["rSquared"] = StoredJson.Finite(r2),
        ["holdOutRows"] = holdOutRows,
        ["holdOutRSquared"] = StoredJson.Finite(holdOutR2),
        ["holdOutRmse"] = StoredJson.Finite(holdOutRmse),
    };
}
