namespace TwinLab.Network.Topology;

/// <summary>Loads the TwinLab network topology YAML (zones, hosts, firewalls with their iptables-save files, flows,
/// credentials, trust, attacker starts).</summary>
/// <remarks>Rules files are read relative to the topology file's folder. Every problem throws
/// <see cref="TopologyFileException"/> (or <see cref="Firewall.FirewallFileException"/> for a rules file) naming file, line and field.</remarks>
public static class TopologyFile
{
    /// <summary>Reads a topology file from disk.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The checked topology.</returns>
    public static NetworkTopology Load(string path)
    {
        if (!File.Exists(path)) throw new TopologyFileException(path, 0, 0, "", "the topology file does not exist");
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Reads a topology from text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <param name="baseDirectory">The folder rules files are relative to.</param>
    /// <returns>The checked topology.</returns>
    public static NetworkTopology Parse(string yaml, string file, string baseDirectory) => new TopologyReader(file, baseDirectory).Read(yaml);
}
