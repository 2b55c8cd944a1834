using TwinLab.Core.Errors;

namespace TwinLab.Core.Security;

/// <summary>The kinds of resource a policy entry names.</summary>
public enum ResourceKind
{
    /// <summary><c>*</c>: everything.</summary>
    Everything,
    /// <summary><c>model:DTMI</c>: the model document and every twin of that model or of a model derived from it.</summary>
    Model,
    /// <summary><c>twins:PREFIX*</c>: every twin whose id starts with the prefix.</summary>
    TwinPrefix,
    /// <summary><c>tree:ROOT[/REL]</c>: the root twin and every twin reachable from it by outgoing relationships (only those named REL when given).</summary>
    Tree,
    /// <summary><c>twin:ID</c>: one twin.</summary>
    Twin,
    /// <summary><c>branch:NAME</c>: a branch (fork from, diff, merge into, discard, and reading or writing twins on it).</summary>
    Branch,
    /// <summary><c>connection:NAME</c>: a live-sync connection.</summary>
    Connection,
}

/// <summary>A resource as written in a policy entry, e.g. <c>tree:building-1/contains</c>.</summary>
/// <param name="Kind">What kind of resource.</param>
/// <param name="Value">The model id, id prefix, root id, twin id, branch or connection name (empty for <c>*</c>).</param>
/// <param name="Relationship">For <see cref="ResourceKind.Tree"/>: only follow relationships with this name; else <c>null</c>.</param>
public sealed record PolicyResource(ResourceKind Kind, string Value, string? Relationship = null)
{
    /// <summary>Everything (<c>*</c>).</summary>
    public static PolicyResource Everything { get; } = new(ResourceKind.Everything, "");

    /// <summary>
    /// How narrow the resource is: a more specific resource decides over a wider one. <c>*</c> 0 &lt; <c>model:</c> 1 &lt;
    /// <c>twins:</c> and <c>tree:</c> 2 &lt; <c>twin:</c> 3; <c>branch:</c> and <c>connection:</c> 1 (they only compete with <c>*</c>).
    /// </summary>
    public int Specificity => Kind switch
    {
        ResourceKind.Everything => 0,
        ResourceKind.Model or ResourceKind.Branch or ResourceKind.Connection => 1,
        ResourceKind.TwinPrefix or ResourceKind.Tree => 2,
        _ => 3,
    };

    /// <summary>Whether this resource names twins (as opposed to a branch or a connection).</summary>
    public bool CoversTwins => Kind is ResourceKind.Everything or ResourceKind.Model or ResourceKind.TwinPrefix or ResourceKind.Tree or ResourceKind.Twin;

    /// <summary>Parses <c>*</c>, <c>model:DTMI</c>, <c>twins:PREFIX*</c>, <c>tree:ROOT[/REL]</c>, <c>twin:ID</c>, <c>branch:NAME</c> or <c>connection:NAME</c>.</summary>
    /// <param name="text">The resource.</param>
    /// <param name="where">Where it was written, for the error.</param>
    /// <exception cref="TwinLabException">InvalidArgument naming <paramref name="where"/> and the syntax.</exception>
    public static PolicyResource Parse(string text, string where)
    {
        text = text.Trim();
        if (text == "*") return Everything;
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? "" : text[..colon];
        var value = colon < 0 ? "" : text[(colon + 1)..];
        PolicyResource? parsed = kind switch
        {
            "model" when value.StartsWith("dtmi:", StringComparison.Ordinal) => new(ResourceKind.Model, value),
            "twins" when value.Length > 1 && value.EndsWith('*') && value.IndexOf('*') == value.Length - 1 => new(ResourceKind.TwinPrefix, value[..^1]),
            "tree" when value.Length > 0 => Tree(value),
            "twin" when value.Length > 0 && !value.Contains('*') => new(ResourceKind.Twin, value),
            "branch" when value.Length > 0 => new(ResourceKind.Branch, value),
            "connection" when value.Length > 0 => new(ResourceKind.Connection, value),
            _ => null,
        };
        return parsed ?? throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"{where}: '{text}' is not a resource; use *, model:DTMI, twins:PREFIX*, tree:ROOTID[/RELNAME], twin:ID, branch:NAME or connection:NAME.");
    }

    private static PolicyResource? Tree(string value)
    {
        var slash = value.LastIndexOf('/');
        if (slash < 0) return new(ResourceKind.Tree, value);
        return slash == 0 || slash == value.Length - 1 ? null : new(ResourceKind.Tree, value[..slash], value[(slash + 1)..]);
    }

    /// <summary>The resource as written in a policy.</summary>
    public override string ToString() => Kind switch
    {
        ResourceKind.Everything => "*",
        ResourceKind.Model => $"model:{Value}",
        ResourceKind.TwinPrefix => $"twins:{Value}*",
        ResourceKind.Tree => Relationship is null ? $"tree:{Value}" : $"tree:{Value}/{Relationship}",
        ResourceKind.Twin => $"twin:{Value}",
        ResourceKind.Branch => $"branch:{Value}",
        _ => $"connection:{Value}",
    };
}
