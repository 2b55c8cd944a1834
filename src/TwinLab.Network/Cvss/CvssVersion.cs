namespace TwinLab.Network.Cvss;

/// <summary>The CVSS version a vector string declares in its <c>CVSS:x.y/</c> prefix.</summary>
public enum CvssVersion
{
    /// <summary>CVSS v3.0 (FIRST, 2015).</summary>
    V3_0,

    /// <summary>CVSS v3.1 (FIRST, 2019).</summary>
    V3_1,

    /// <summary>CVSS v4.0 (FIRST, 2023).</summary>
    V4_0,
}
