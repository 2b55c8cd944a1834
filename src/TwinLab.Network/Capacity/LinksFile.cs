namespace TwinLab.Network.Capacity;

/// <summary>Loads a links file: the YAML describing nodes, links with capacities, delays, weights and upgrade costs,
/// and where the topology's hosts and zones (or other subnets) attach (see examples/network/links.yaml).</summary>
/// <remarks>A <c>topology:</c> key names the security topology (relative to the links file), whose hosts, zones and
/// addresses then resolve to nodes, and whose firewalls and zones may be used as node names without declaring them.
/// Every problem throws <see cref="CapacityFileException"/> naming file, line and field (or
/// <see cref="Topology.TopologyFileException"/> for the topology it names).</remarks>
public static class LinksFile
{
    /// <summary>Reads a links file from disk.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The checked network.</returns>
    public static CapacityNetwork Load(string path)
    {
        if (!File.Exists(path)) throw new CapacityFileException(path, 0, 0, "", "the links file does not exist");
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Reads a links file from text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <param name="baseDirectory">The folder a <c>topology:</c> path is relative to.</param>
    /// <returns>The checked network.</returns>
    public static CapacityNetwork Parse(string yaml, string file, string baseDirectory) => new LinksReader(file, baseDirectory).Read(yaml);
}
