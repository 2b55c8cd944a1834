namespace TwinLab.Cluster.Twins;

/// <summary>Which index shard holds a twin: a stable hash of its id (FNV-1a), the same on every silo and every run.</summary>
public static class IndexShards
{
    /// <summary>The shard of <paramref name="twinId"/> among <paramref name="shards"/>.</summary>
    public static int Of(string twinId, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in twinId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)shards);
    }
}
