namespace TwinLab.Network.Cvss;

/// <summary>The metric groups of a CVSS vector.</summary>
internal enum CvssMetricGroup
{
    Base,

    /// <summary>v3.x Temporal, v4.0 Threat.</summary>
    Temporal,
    Environmental,

    /// <summary>v4.0 only; never changes the score.</summary>
    Supplemental,
}

/// <summary>One metric a vector string may carry: its abbreviation, group and allowed values.</summary>
/// <remarks>The first allowed value of a non-base metric is its "Not Defined" value <c>X</c>.</remarks>
internal sealed record CvssMetricDefinition(string Name, CvssMetricGroup Group, string[] Values)
{
    public bool Mandatory => Group == CvssMetricGroup.Base;
}
