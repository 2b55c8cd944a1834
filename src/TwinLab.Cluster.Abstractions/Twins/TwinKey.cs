namespace TwinLab.Cluster.Twins;

/// <summary>The key of a per-branch grain: <c>branch/id</c>. Branch names cannot hold '/', so the first one splits it.</summary>
public static class TwinKey
{
    /// <summary>The key of twin (or index shard) <paramref name="id"/> on <paramref name="branch"/>.</summary>
    public static string Of(string branch, string id) => $"{branch}/{id}";

    /// <summary>The branch and id of a key made by <see cref="Of"/>.</summary>
    public static (string Branch, string Id) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? throw new ArgumentException($"Grain key '{key}' is not 'branch/id'.", nameof(key)) : (key[..slash], key[(slash + 1)..]);
    }
}
