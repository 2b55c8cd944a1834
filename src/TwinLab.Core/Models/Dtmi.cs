using System.Text.RegularExpressions;

namespace TwinLab.Core.Models;

/// <summary>Digital Twin Model Identifier syntax (user DTMIs, as allowed in model documents).</summary>
internal static partial class Dtmi
{
    /// <summary>The prefix every DTMI starts with.</summary>
    public const string Scheme = "dtmi:";

    // The user-DTMI grammar from the DTDL spec (platform.md): segments of letters, digits and '_',
    // starting with a letter and not ending with '_'; optional ";major[.minor]" version.
    // \z rather than $ so a trailing newline is not accepted.
    [GeneratedRegex(
        @"^dtmi:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)*(?:;[1-9][0-9]{0,8}(?:\.[1-9][0-9]{0,5})?)?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Whether <paramref name="value"/> is a syntactically valid user DTMI (length not checked).</summary>
    public static bool IsValid(string value) => value.StartsWith(Scheme, StringComparison.Ordinal) && Pattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> uses a prefix the DTDL language reserves for itself.</summary>
    public static bool IsReserved(string value) =>
        value.StartsWith("dtmi:dtdl:", StringComparison.Ordinal) || value.StartsWith("dtmi:standard:", StringComparison.Ordinal);

    /// <summary>The expected form, for error messages.</summary>
    public const string Expected =
        "expected dtmi:<segment>(:<segment>)*[;<version>], segments made of letters, digits and '_', each starting with a letter and not ending with '_', version 1-999999999 with an optional .minor";
}
