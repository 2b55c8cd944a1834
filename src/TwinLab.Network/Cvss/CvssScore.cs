namespace TwinLab.Network.Cvss;

/// <summary>The scores of one CVSS vector, as <see cref="Cvss.Score"/> computes them.</summary>
/// <remarks>
/// Group scores are present only when the vector defines at least one metric of the group with a value other than
/// <c>X</c> (Not Defined). <see cref="Score"/> is always the score of the whole vector:
/// v3.x — environmental if present, else temporal if present, else base;
/// v4.0 — the score of all metrics together, named by <see cref="Nomenclature"/> (CVSS-B, -BT, -BE or -BTE).
/// </remarks>
public sealed record CvssScore
{
    /// <summary>The version the vector declares.</summary>
    public required CvssVersion Version { get; init; }

    /// <summary>The normalised vector: prefix, metrics in the specification's order, Not Defined (<c>X</c>) values left out.</summary>
    public required string Vector { get; init; }

    /// <summary>Every metric of the version (abbreviation → value), <c>X</c> for optional metrics the vector does not define.</summary>
    public required IReadOnlyDictionary<string, string> Metrics { get; init; }

    /// <summary>The base score: v3.x base score; v4.0 CVSS-B (threat and environmental metrics ignored).</summary>
    public required double BaseScore { get; init; }

    /// <summary>The severity of <see cref="BaseScore"/>.</summary>
    public required CvssSeverity BaseSeverity { get; init; }

    /// <summary>v3.x: the temporal score (E, RL, RC). v4.0: the CVSS-BT score (base and threat metric E, environmental
    /// metrics ignored). Null when the vector defines no such metric.</summary>
    public double? TemporalScore { get; init; }

    /// <summary>v3.x: the environmental score (which includes the temporal metrics). v4.0: the CVSS-BE score (base and
    /// environmental metrics, threat metric ignored). Null when the vector defines no environmental metric.</summary>
    public double? EnvironmentalScore { get; init; }

    /// <summary>The score of the whole vector (see the remarks of <see cref="CvssScore"/>).</summary>
    public required double Score { get; init; }

    /// <summary>The severity of <see cref="Score"/>.</summary>
    public required CvssSeverity Severity { get; init; }

    /// <summary>Which metric groups <see cref="Score"/> covers: <c>CVSS-B</c>, <c>CVSS-BT</c>, <c>CVSS-BE</c> or
    /// <c>CVSS-BTE</c> (the v4.0 specification's nomenclature, §1.3, used for v3.x vectors too).</summary>
    public required string Nomenclature { get; init; }

    /// <summary>v3.x: the base impact sub-score rounded to one decimal, as NVD publishes it (0 when not positive). Null for v4.0.</summary>
    public double? ImpactSubScore { get; init; }

    /// <summary>v3.x: the exploitability sub-score 8.22·AV·AC·PR·UI rounded to one decimal, as NVD publishes it
    /// (0.1 … 3.9). Null for v4.0, which has no sub-scores.</summary>
    public double? ExploitabilitySubScore { get; init; }

    /// <summary>v3.x with environmental metrics: the modified impact sub-score, rounded to one decimal. Otherwise null.</summary>
    public double? ModifiedImpactSubScore { get; init; }

    /// <summary>v3.x with environmental metrics: the modified exploitability sub-score, rounded to one decimal. Otherwise null.</summary>
    public double? ModifiedExploitabilitySubScore { get; init; }

    /// <summary>v3.x: the unrounded base exploitability sub-score divided by its maximum (AV:N/AC:L/PR:N/UI:N, 3.887),
    /// in (0, 1]; a relative ease-of-exploitation figure for likelihood models, not a calibrated probability.
    /// Null for v4.0.</summary>
    public double? ExploitabilityFraction { get; init; }

    /// <summary>v4.0: the MacroVector (EQ1…EQ6 levels as six digits) of the whole vector. Null for v3.x.</summary>
    public string? MacroVector { get; init; }

    /// <summary>v4.0: the MacroVector of the base metrics alone (the one <see cref="BaseScore"/> comes from). Null for v3.x.</summary>
    public string? BaseMacroVector { get; init; }
}
