using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Hosting;

/// <summary>
/// A continuation token that carries one number — a sequence number, a count of items sent — behind a prefix naming the
/// endpoint it belongs to, so a token from one list is refused by another rather than misread.
/// </summary>
internal static class PositionToken
{
    /// <summary>The opaque token for <paramref name="position"/>.</summary>
    public static string Encode(string prefix, long position) =>
        Paging.EncodeToken(prefix + ":" + position.ToString(CultureInfo.InvariantCulture));

    /// <summary>The position in a token made by <see cref="Encode"/> with the same <paramref name="prefix"/>.</summary>
    /// <exception cref="TwinLabException">Any other token (InvalidArgument).</exception>
    public static long Decode(string prefix, string token)
    {
        var text = Paging.DecodeToken(token);
        return text.StartsWith(prefix + ":", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new TwinLabException(ErrorCodes.InvalidArgument, "continuationToken is not valid for this endpoint; follow nextLink as it is.");
    }
}
