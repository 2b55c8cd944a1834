namespace TwinLab.Core.Models;

/// <summary>The syntax of DTDL <c>name</c> values (the programming names of contents, fields, enum values …).</summary>
internal static class DtdlName
{
    /// <summary>Longest name allowed by the given DTDL version.</summary>
    public static int MaxLength(int dtdlVersion) => dtdlVersion == 2 ? DtdlLimits.MaxNameLengthV2 : DtdlLimits.MaxNameLengthV3;

    /// <summary>
    /// Whether <paramref name="name"/> contains only ASCII letters, digits and '_', starts with a letter and
    /// does not end with '_' (length not checked). Returns a reason when it is not.
    /// </summary>
    public static bool IsValid(string name, out string reason)
    {
        if (name.Length == 0) { reason = "it is empty"; return false; }
        if (!char.IsAsciiLetter(name[0])) { reason = "it must start with a letter"; return false; }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                reason = $"'{c}' is not allowed (only letters, digits and '_')";
                return false;
            }
        }
        if (name[^1] == '_') { reason = "it must not end with '_'"; return false; }
        reason = "";
        return true;
    }
}
