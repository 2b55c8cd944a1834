using TwinLab.Core.Errors;

namespace TwinLab.Core.Security;

/// <summary>What a policy entry grants or revokes on a resource (Eclipse Ditto's READ / WRITE, plus EXECUTE and ADMIN).</summary>
[Flags]
public enum Permissions
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>See a twin, relationship, model or branch (and through it query, stream and export it).</summary>
    Read = 1,
    /// <summary>Create, change or delete it.</summary>
    Write = 2,
    /// <summary>Run experiments on it.</summary>
    Execute = 4,
    /// <summary>Manage it (policies, connections, routes, jobs); granting it grants every other permission on the same resource.</summary>
    Admin = 8,
    /// <summary>Every permission.</summary>
    All = Read | Write | Execute | Admin,
}

/// <summary>Reading and writing permission lists: <c>read</c>, <c>write</c>, <c>execute</c>, <c>admin</c> (any case), comma-separated or as a JSON list.</summary>
public static class PermissionNames
{
    private static readonly (string Name, Permissions Value)[] Names =
        [("read", Permissions.Read), ("write", Permissions.Write), ("execute", Permissions.Execute), ("admin", Permissions.Admin)];

    /// <summary>Parses one permission name.</summary>
    /// <param name="name">The name, e.g. <c>READ</c>.</param>
    /// <param name="where">Where it was written, for the error (e.g. <c>policy 'ops', entry 'readers', field 'grant'</c>).</param>
    /// <exception cref="TwinLabException">InvalidArgument naming <paramref name="where"/> and the accepted names.</exception>
    public static Permissions ParseOne(string name, string where)
    {
        foreach (var (n, v) in Names)
            if (string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) return v;
        throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: unknown permission '{name}'; use READ, WRITE, EXECUTE or ADMIN.");
    }

    /// <summary>Parses a comma-separated list such as <c>read,write</c> (or <c>all</c>).</summary>
    /// <exception cref="TwinLabException">InvalidArgument: an empty list or an unknown name.</exception>
    public static Permissions Parse(string list, string where)
    {
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase)) return Permissions.All;
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: no permission given; use READ, WRITE, EXECUTE or ADMIN.");
        return parts.Aggregate(Permissions.None, (all, p) => all | ParseOne(p, where));
    }

    /// <summary>The names of the permissions in <paramref name="permissions"/>, upper case, in a fixed order.</summary>
    public static IReadOnlyList<string> Format(Permissions permissions) =>
        [.. Names.Where(n => permissions.HasFlag(n.Value)).Select(n => n.Name.ToUpperInvariant())];

    /// <summary>What granting <paramref name="permissions"/> grants: ADMIN implies every other permission.</summary>
    public static Permissions Effective(Permissions permissions) =>
        permissions.HasFlag(Permissions.Admin) ? Permissions.All : permissions;
}
