using TwinLab.Core.Errors;

namespace TwinLab.Core.History;

/// <summary>One thing changed on both sides of a merge since the fork.</summary>
/// <param name="Entity">The twin id, or <c>source/relationshipId</c> for a relationship.</param>
/// <param name="Path">The property path, or empty when the whole entity conflicts.</param>
/// <param name="Reason">What each side did.</param>
public sealed record MergeConflict(string Entity, string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? $"{Entity}: {Reason}" : $"{Entity} {Path}: {Reason}";
}

/// <summary>A merge was refused because both sides changed the same things; nothing was applied.</summary>
public sealed class MergeConflictException(string branch, string parent, IReadOnlyList<MergeConflict> conflicts)
    : TwinLabException("MergeConflict",
        $"Cannot merge '{branch}' into '{parent}': {conflicts.Count} conflict(s): {string.Join("; ", conflicts.Take(5))}{(conflicts.Count > 5 ? "; …" : "")}. Nothing was applied.")
{
    /// <summary>Every conflict.</summary>
    public IReadOnlyList<MergeConflict> Conflicts { get; } = conflicts;
}
