using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Network.Capacity;

/// <summary>Reads the YAML of <see cref="LinksFile"/>, checking each value where it is written.</summary>
internal sealed class LinksReader(string file, string baseDirectory)
{
    private static readonly string[] TopKeys = ["name", "topology", "cost_unit", "mean_packet_bytes", "upgrade_rates", "nodes", "links", "attach"];
    private static readonly string[] NodeKeys = ["name", "kind"];
    private static readonly string[] LinkKeys = ["name", "between", "capacity", "weight", "latency", "step_cost", "max_capacity"];
    private static readonly string[] AttachKeys = ["node", "host", "zone", "subnet"];

    public CapacityNetwork Read(string yaml)
    {
        try
        {
            return ReadChecked(yaml);
        }
        catch (TopologyFileException e) when (e.File == file)
        {
            // The shared YAML helper reports in the topology's exception type; this file is a links file.
            throw new CapacityFileException(e.File, e.Line, e.Column, e.Field, e.Problem);
        }
    }

    private CapacityNetwork ReadChecked(string yaml)
    {
        var stream = YamlText.Load(yaml, (line, column, message) => new CapacityFileException(file, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new CapacityFileException(file, 1, 1, "", "the file is empty; expected 'nodes:' and 'links:'");
        var root = new YamlFields(file, stream.Documents[0].RootNode, "");
        root.RejectUnknown(TopKeys);
        NetworkTopology? topology = null;
        if (root.String("topology") is { } topoPath)
        {
            var full = Path.IsPathRooted(topoPath) ? topoPath : Path.Combine(baseDirectory, topoPath);
            if (!System.IO.File.Exists(full)) throw root.Error(root.Find("topology")!, "topology", $"'{topoPath}' does not exist (relative to the links file)");
            topology = TopologyFile.Load(full);
        }
        var ladder = root.List("upgrade_rates").Select((n, i) => Rate(root, n, $"upgrade_rates[{i}]")).ToList();
        for (var i = 1; i < ladder.Count; i++)
            if (ladder[i] <= ladder[i - 1]) throw root.Error(root.List("upgrade_rates")[i], $"upgrade_rates[{i}]", "the rates must be in ascending order");
        var nodes = root.List("nodes").Select((n, i) => ReadNode(n, $"nodes[{i}]")).ToList();
        var links = root.List("links").Select((n, i) => ReadLink(n, $"links[{i}]")).ToList();
        if (links.Count == 0) throw root.Error(root.Node, "links", "no links; list them under 'links:'");
        var declared = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var l in links)
            foreach (var end in new[] { l.A, l.B })
            {
                if (declared.Contains(end)) continue;
                var kind = topology?.Firewalls.Any(f => f.Name == end) == true ? "firewall" : topology?.FindZone(end) is not null ? "zone" : null;
                if (kind is null) continue;
                nodes.Add(new CapacityNode(end, kind) { Line = l.Line });
                declared.Add(end);
            }
        var attachments = root.List("attach").Select((n, i) => ReadAttachment(n, $"attach[{i}]")).ToList();
        if (topology is not null)
            foreach (var zone in topology.Zones)
                if (declared.Contains(zone.Name) && !attachments.Any(a => a.Zone == zone.Name))
                    attachments.Add(new Attachment(zone.Name) { Zone = zone.Name });
        return new CapacityNetwork(nodes, links, attachments, topology, file)
        {
            Name = root.String("name") ?? "",
            CostUnit = root.String("cost_unit") ?? "",
            MeanPacketBytes = root.Double("mean_packet_bytes", 20, 1e6) ?? CapacityNetwork.DefaultMeanPacketBytes,
            UpgradeRates = ladder.Count > 0 ? ladder : StandardRates.Ethernet,
        };
    }

    private CapacityNode ReadNode(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } bare }) return new CapacityNode(bare.Trim(), "") { Line = (int)node.Start.Line };
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(NodeKeys);
        return new CapacityNode(map.RequireString("name", "the node's name"), map.String("kind") ?? "") { Line = map.Line };
    }

    private CapacityLink ReadLink(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(LinkKeys);
        var ends = map.List("between");
        if (ends.Count != 2) throw map.Error(map.Find("between") ?? node, map.PathOf("between"), "must list exactly two nodes, e.g. [core-sw, fw-internal]");
        var a = map.Scalar(ends[0], map.PathOf("between") + "[0]");
        var b = map.Scalar(ends[1], map.PathOf("between") + "[1]");
        var capacityNode = map.Find("capacity") ?? throw map.Error(node, map.PathOf("capacity"), "is missing (the line rate, e.g. 1G or 100M)");
        var capacity = Rate(map, capacityNode, map.PathOf("capacity"));
        if (capacity <= 0) throw map.Error(capacityNode, map.PathOf("capacity"), "must be positive");
        double delay = 0;
        if (map.Find("latency") is { } latencyNode)
        {
            var text = map.Scalar(latencyNode, map.PathOf("latency"));
            if (!BitRate.TryParseDelay(text, out delay, out var problem)) throw map.Error(latencyNode, map.PathOf("latency"), problem);
        }
        double? max = map.Find("max_capacity") is { } maxNode ? Rate(map, maxNode, map.PathOf("max_capacity")) : null;
        if (max < capacity) throw map.Error(map.Find("max_capacity")!, map.PathOf("max_capacity"), "is below the link's capacity");
        return new CapacityLink
        {
            Name = map.String("name") ?? $"{a}-{b}",
            A = a,
            B = b,
            Capacity = capacity,
            Weight = map.Double("weight", 1e-9, 1e12) ?? 1,
            Delay = delay,
            StepCost = map.Double("step_cost", 0, 1e15) ?? 0,
            MaxCapacity = max,
            Line = map.Line,
        };
    }

    private Attachment ReadAttachment(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(AttachKeys);
        var target = map.RequireString("node", "the node the host, zone or subnet attaches to");
        var given = new[] { "host", "zone", "subnet" }.Where(k => map.Find(k) is not null).ToList();
        if (given.Count != 1) throw map.Error(node, path, "give exactly one of host, zone or subnet");
        IpPrefix? subnet = null;
        if (map.String("subnet") is { } text)
            subnet = IpPrefix.TryParse(text, out var p, out var problem) ? p : throw map.Error(map.Find("subnet")!, map.PathOf("subnet"), problem);
        return new Attachment(target) { Host = map.String("host"), Zone = map.String("zone"), Subnet = subnet, Line = map.Line };
    }

    private static double Rate(YamlFields map, YamlNode node, string path)
    {
        var text = map.Scalar(node, path);
        return BitRate.TryParse(text, out var bps, out var problem) ? bps : throw map.Error(node, path, problem);
    }
}
