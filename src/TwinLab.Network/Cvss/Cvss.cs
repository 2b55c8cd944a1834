namespace TwinLab.Network.Cvss;

/// <summary>CVSS calculators: v3.0 and v3.1 base, temporal and environmental scores, and v4.0 scores (CVSS-B, -BT,
/// -BE, -BTE) from a vector string, exactly as the FIRST specifications define them.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class Cvss
{
    /// <summary>Parses and scores a CVSS vector string such as <c>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</c> or
    /// <c>CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N</c>.</summary>
    /// <param name="vector">The vector string. Metric names and values are case-sensitive; metrics may come in any
    /// order; every base metric must be present exactly once; surrounding white space is ignored.</param>
    /// <returns>The scores, severities, sub-scores and the normalised vector.</returns>
    /// <exception cref="CvssVectorException">The vector is malformed: the message names the position, the metric and
    /// what is wrong (unknown metric or value, duplicate, missing base metric, unsupported version).</exception>
    public static CvssScore Score(string vector)
    {
        var version = CvssVectorParser.DetectVersion(vector);
        return version == CvssVersion.V4_0
            ? Cvss4Calculator.Score(CvssVectorParser.Parse(vector, version, Cvss4Metrics.Table))
            : Cvss3Calculator.Score(CvssVectorParser.Parse(vector, version, Cvss3Metrics.Table));
    }

    /// <summary>Like <see cref="Score"/>, without throwing on a malformed vector.</summary>
    /// <param name="vector">The vector string.</param>
    /// <param name="score">The scores, or null when the vector is malformed.</param>
    /// <param name="error">Null, or the error that <see cref="Score"/> would have thrown.</param>
    /// <returns>Whether the vector could be scored.</returns>
    public static bool TryScore(string? vector, out CvssScore? score, out CvssVectorException? error)
    {
        try
        {
            score = Score(vector ?? "");
            error = null;
            return true;
        }
        catch (CvssVectorException e)
        {
            score = null;
            error = e;
            return false;
        }
    }

    /// <summary>The Roundup function of the CVSS v3.1 specification, Appendix A: the smallest number with one decimal
    /// that is equal to or higher than <paramref name="value"/>, computed on the value rounded to five decimals so that
    /// floating-point noise (4.000000000000001 for 4.0) does not add a tenth.</summary>
    /// <param name="value">A non-negative score before rounding.</param>
    /// <returns>The value rounded up to one decimal.</returns>
    public static double Roundup(double value)
    {
        // Appendix A: int_input = round_to_nearest_integer(input * 100000);
        // if int_input % 10000 == 0 return int_input / 100000.0 else return (floor(int_input / 10000) + 1) / 10.0.
        var intInput = (long)Math.Round(value * 100000, MidpointRounding.AwayFromZero);
        return intInput % 10000 == 0 ? intInput / 100000.0 : (Math.Floor(intInput / 10000.0) + 1) / 10.0;
    }

    /// <summary>The qualitative severity rating of a score (CVSS v3.1 specification §5 Table 14; the same in v4.0).</summary>
    /// <param name="score">A score in [0, 10] with one decimal.</param>
    /// <returns>None for 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0.</returns>
    public static CvssSeverity Rate(double score) => score switch
    {
        < 0.05 => CvssSeverity.None,
        < 3.95 => CvssSeverity.Low,
        < 6.95 => CvssSeverity.Medium,
        < 8.95 => CvssSeverity.High,
        _ => CvssSeverity.Critical,
    };
}
