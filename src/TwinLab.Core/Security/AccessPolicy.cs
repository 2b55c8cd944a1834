using TwinLab.Core.Errors;

namespace TwinLab.Core.Security;

/// <summary>
/// One entry of a policy: these subjects are granted and revoked these permissions on these resources (Eclipse Ditto's
/// policy entry shape).
/// </summary>
/// <param name="Label">The entry's name within its policy, e.g. <c>operators</c>; named in explanations.</param>
/// <param name="Subjects">Who: <c>key:NAME</c>, <c>jwt:SUB</c>, <c>group:GROUP</c> or <c>*</c> (any authenticated caller).</param>
/// <param name="Resources">On what.</param>
/// <param name="Grant">Permissions granted.</param>
/// <param name="Revoke">Permissions revoked; a revoke on a resource beats a grant on a wider one and on an equally specific one.</param>
public sealed record PolicyEntry(string Label, IReadOnlyList<string> Subjects, IReadOnlyList<PolicyResource> Resources, Permissions Grant, Permissions Revoke);

/// <summary>A named policy: a group of entries managed together (<c>twinlab policies set ID</c>).</summary>
/// <param name="Id">The policy's id.</param>
/// <param name="Entries">Its entries.</param>
public sealed record AccessPolicy(string Id, IReadOnlyList<PolicyEntry> Entries)
{
    /// <summary>Longest policy id, entry label or subject accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Checks a policy id: 1 to <see cref="MaxNameLength"/> letters, digits, <c>.</c>, <c>_</c>, <c>-</c>.</summary>
    /// <exception cref="TwinLabException">InvalidArgument.</exception>
    public static string CheckId(string id)
    {
        if (id.Length is 0 or > MaxNameLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"'{id}' is not a policy id: use 1 to {MaxNameLength} letters, digits, '.', '_' or '-'.");
        return id;
    }
}

/// <summary>The subjects an authenticated caller answers to, as written in policy entries.</summary>
public static class PolicySubjects
{
    /// <summary>The subject every authenticated caller has.</summary>
    public const string Anyone = "*";

    /// <summary>An API key's subject.</summary>
    public static string Key(string name) => $"key:{name}";

    /// <summary>A JWT's subject (its <c>sub</c>, else <c>oid</c>).</summary>
    public static string Jwt(string subject) => $"jwt:{subject}";

    /// <summary>A group (from a JWT's <c>groups</c> or <c>roles</c> claim).</summary>
    public static string Group(string group) => $"group:{group}";

    /// <summary>Checks a subject's syntax.</summary>
    /// <exception cref="TwinLabException">InvalidArgument naming <paramref name="where"/>.</exception>
    public static string Check(string subject, string where)
    {
        subject = subject.Trim();
        if (subject == Anyone) return subject;
        var colon = subject.IndexOf(':');
        var ok = colon > 0 && colon < subject.Length - 1 && subject.Length <= AccessPolicy.MaxNameLength
            && subject[..colon] is "key" or "jwt" or "group" && !subject.Any(char.IsControl);
        return ok ? subject : throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"{where}: '{subject}' is not a subject; use key:APIKEYNAME, jwt:SUBJECT, group:GROUP or *.");
    }
}
