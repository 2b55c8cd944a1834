using System.Globalization;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;

namespace TwinLab.Server.Domains;

/// <summary>Reads the query parameters of the domain endpoints: a bad value is a 400 naming the parameter.</summary>
internal static class HealthQuery
{
    /// <summary>An integer parameter in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="TwinLabException">Not an integer, or out of range (InvalidArgument, naming the parameter).</exception>
    public static int Int(string? text, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name}='{text}' is not a whole number; give {min} to {max}.");
        if (value < min || value > max)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name}={value} is out of range; give {min} to {max}.");
        return value;
    }

    /// <summary>A seed (a non-negative 64-bit integer), or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="TwinLabException">Not a non-negative integer (InvalidArgument, naming the parameter).</exception>
    public static ulong Seed(string? text, string name, ulong fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name}='{text}' is not a seed; give a whole number from 0 to {ulong.MaxValue}.");
    }

    /// <summary>
    /// The branch of <c>?branch=</c> (main when absent): an unknown branch is a 404 BranchNotFound. The domain views read
    /// the current state only, so <c>?asOf=</c> is refused.
    /// </summary>
    public static string Branch(HttpContext http, TwinService service)
    {
        if (http.Request.Query["asOf"].ToString() is { Length: > 0 })
            throw new TwinLabException(ErrorCodes.InvalidArgument, "asOf is not supported here: the domain views read the current state of a branch; fork the past with POST /branches and pass ?branch=.");
        var branch = http.Request.Query["branch"].ToString() is { Length: > 0 } b ? b : BranchInfo.Main;
        BranchesApi.EnsureExists(service, branch);
        return branch;
    }
}
