using System.Collections.Frozen;
using System.Globalization;

namespace TwinLab.Network.Cvss;

/// <summary>The CVSS v4.0 MacroVector score table: for each of the 270 MacroVectors (EQ1…EQ6 levels written as six
/// digits), the expert-assigned score of its highest-severity vectors.</summary>
/// <remarks>
/// Transcribed from the lookup data of the FIRST CVSS v4.0 reference calculator
/// (https://www.first.org/cvss/calculator/4.0; source published by FIRST and Red Hat as
/// <c>cvss_lookup.js</c> / <c>LOOKUP_TABLE</c> in github.com/RedHatProductSecurity/cvss-v4-calculator, BSD-2-Clause),
/// which the CVSS v4.0 specification §8.2 refers to for the MacroVector scores.
/// Rows are grouped by the first three digits (EQ1 EQ2 EQ3); each row lists the last three digits (EQ4 EQ5 EQ6) with
/// their score. EQ3 = 2 implies EQ6 = 1 (no High C/I/A impact can meet a High requirement), so those rows have 9 entries.
/// </remarks>
internal static class Cvss4MacroVectorTable
{
    private static readonly string[] Rows =
    [
        "000: 000=10 001=9.9 010=9.8 011=9.5 020=9.5 021=9.2 100=10 101=9.6 110=9.3 111=8.7 120=9.1 121=8.1 200=9.3 201=9 210=8.9 211=8 220=8.1 221=6.8",
        "001: 000=9.8 001=9.5 010=9.5 011=9.2 020=9 021=8.4 100=9.3 101=9.2 110=8.9 111=8.1 120=8.1 121=6.5 200=8.8 201=8 210=7.8 211=7 220=6.9 221=4.8",
        "002: 001=9.2 011=8.2 021=7.2 101=7.9 111=6.9 121=5 201=6.9 211=5.5 221=2.7",
        "010: 000=9.9 001=9.7 010=9.5 011=9.2 020=9.2 021=8.5 100=9.5 101=9.1 110=9 111=8.3 120=8.4 121=7.1 200=9.2 201=8.1 210=8.2 211=7.1 220=7.2 221=5.3",
        "011: 000=9.5 001=9.3 010=9.2 011=8.5 020=8.5 021=7.3 100=9.2 101=8.2 110=8 111=7.2 120=7 121=5.9 200=8.4 201=7 210=7.1 211=5.2 220=5 221=3",
        "012: 001=8.6 011=7.5 021=5.2 101=7.1 111=5.2 121=2.9 201=6.3 211=2.9 221=1.7",
        "100: 000=9.8 001=9.5 010=9.4 011=8.7 020=9.1 021=8.1 100=9.4 101=8.9 110=8.6 111=7.4 120=7.7 121=6.4 200=8.7 201=7.5 210=7.4 211=6.3 220=6.3 221=4.9",
        "101: 000=9.4 001=8.9 010=8.8 011=7.7 020=7.6 021=6.7 100=8.6 101=7.6 110=7.4 111=5.8 120=5.9 121=5 200=7.2 201=5.7 210=5.7 211=5.2 220=5.2 221=2.5",
        "102: 001=8.3 011=7 021=5.4 101=6.5 111=5.8 121=2.6 201=5.3 211=2.1 221=1.3",
        "110: 000=9.5 001=9 010=8.8 011=7.6 020=7.6 021=7 100=9 101=7.7 110=7.5 111=6.2 120=6.1 121=5.3 200=7.7 201=6.6 210=6.8 211=5.9 220=5.2 221=3",
        "111: 000=8.9 001=7.8 010=7.6 011=6.7 020=6.2 021=5.8 100=7.4 101=5.9 110=5.7 111=5.7 120=4.7 121=2.3 200=6.1 201=5.2 210=5.7 211=2.9 220=2.4 221=1.6",
        "112: 001=7.1 011=5.9 021=3 101=5.8 111=2.6 121=1.5 201=2.3 211=1.3 221=0.6",
        "200: 000=9.3 001=8.7 010=8.6 011=7.2 020=7.5 021=5.8 100=8.6 101=7.4 110=7.4 111=6.1 120=5.6 121=3.4 200=7 201=5.4 210=5.2 211=4 220=4 221=2.2",
        "201: 000=8.5 001=7.5 010=7.4 011=5.5 020=6.2 021=5.1 100=7.2 101=5.7 110=5.5 111=4.1 120=4.6 121=1.9 200=5.3 201=3.6 210=3.4 211=1.9 220=1.9 221=0.8",
        "202: 001=6.4 011=5.1 021=2 101=4.7 111=2.1 121=1.1 201=2.4 211=0.9 221=0.4",
        "210: 000=8.8 001=7.5 010=7.3 011=5.3 020=6 021=5 100=7.3 101=5.5 110=5.9 111=4 120=4.1 121=2 200=5.4 201=4.3 210=4.5 211=2.2 220=2 221=1.1",
        "211: 000=7.5 001=5.5 010=5.8 011=4.5 020=4 021=2.1 100=6.1 101=5.1 110=4.8 111=1.8 120=2 121=0.9 200=4.6 201=1.8 210=1.7 211=0.7 220=0.8 221=0.2",
        "212: 001=5.3 011=2.4 021=1.4 101=2.4 111=1.2 121=0.5 201=1 211=0.3 221=0.1",
    ];

    /// <summary>MacroVector (six digits) → score.</summary>
    public static readonly FrozenDictionary<string, double> Scores = Build();

    /// <summary>The score of a MacroVector, or <c>null</c> when the table has none (a "lower" MacroVector past the last level).</summary>
    public static double? Find(string macroVector) => Scores.TryGetValue(macroVector, out var s) ? s : null;

    private static FrozenDictionary<string, double> Build()
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in Rows)
        {
            var prefix = row[..3];
            foreach (var entry in row[5..].Split(' '))
            {
                var eq = entry.IndexOf('=');
                scores.Add(prefix + entry[..eq], double.Parse(entry[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
        return scores.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
