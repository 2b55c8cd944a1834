using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Network.Capacity;
using TwinLab.Network.Firewall;
using TwinLab.Network.Models;
using TwinLab.Network.Topology;
using CoreTwin = TwinLab.Core.Twins.Twin;

namespace TwinLab.Network.Twin;

/// <summary>
/// The link network of capacity planning as twins of a branch: one <see cref="NetworkModels.LinkNetwork"/> twin
/// (<see cref="RootId"/>), a <see cref="NetworkModels.Node"/> twin per node (<c>node:NAME</c>, with the hosts, zones and
/// subnets attached there) and a <see cref="NetworkModels.Link"/> twin per link (<c>link:NAME</c>, capacity, weight,
/// delay, state, and the load, utilisation and latency of the last evaluation).
/// </summary>
/// <remarks>
/// <para><see cref="Record"/> writes in one atomic write: the network as given with a what-if applied to it —
/// failed links and nodes get <c>state: failed</c> (the links of a failed node <c>down</c>), failed hosts are listed on
/// the root, upgrades change a link's <c>capacity</c> and routing changes its <c>weight</c> — and the evaluated state's
/// utilisation on every link. Twins of the link network that the one written no longer has are removed; nothing else
/// (the scanned network, the topology's twins) is touched. Main only takes the network as given: what-ifs never change
/// main, so that <c>twinlab branch diff NAME</c> shows exactly the what-if's failed or upgraded links and the
/// utilisation they change.</para>
/// <para><see cref="Load"/> reads the network back (capacities and weights as stored, failures as a what-if to
/// apply), re-reading the topology file its hosts and zones come from.</para>
/// </remarks>
/// <param name="service">The database.</param>
public sealed class CapacityTwinStore(TwinService service)
{
    /// <summary>Twin id of the link network's root.</summary>
    public const string RootId = "links";

    private const string Up = "up";
    private const string Failed = "failed";
    private const string Down = "down";

    /// <summary>The twin id of a node.</summary>
    /// <param name="name">The node's name.</param>
    public static string NodeId(string name) => "node:" + name;

    /// <summary>The twin id of a link.</summary>
    /// <param name="name">The link's name.</param>
    public static string LinkId(string name) => "link:" + name;

    /// <summary>Writes <paramref name="network"/> with the what-if of <paramref name="inputs"/> applied, and the
    /// evaluated state of <paramref name="report"/>, on <paramref name="branch"/> (forked from main when missing).</summary>
    /// <param name="branch">The branch; main only without a what-if.</param>
    /// <param name="network">The network before the what-if (as read from the file or the branch).</param>
    /// <param name="report">Its evaluation, with the what-if when there is one.</param>
    /// <param name="inputs">Traffic path, routing, the stored network it started from and the what-if added.</param>
    /// <param name="context">Actor and idempotency key.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="TwinLabException">A what-if on main.</exception>
    public CapacityTwinOutcome Record(string branch, CapacityNetwork network, CapacityReport report, CapacityTwinInputs inputs, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(inputs);
        var added = inputs.WhatIf is { IsEmpty: false } w ? w : null;
        var earlier = inputs.Stored?.Failures ?? new CapacityScenario();
        if (branch == BranchInfo.Main && (added is not null || !earlier.IsEmpty || inputs.Stored?.WhatIf is not null))
            throw new TwinLabException(ErrorCodes.InvalidArgument, "what-ifs never change main; give --branch NAME");
        var created = false;
        if (!service.Branches.Any(b => b.Name == branch))
        {
            service.CreateBranch(branch, BranchInfo.Main);
            created = true;
        }
        var description = string.Join("; ", new[] { inputs.Stored?.WhatIf ?? "", added?.Describe() ?? "" }.Where(t => t.Length > 0));
        var whatIf = new CapacityScenario
        {
            FailedLinks = [.. earlier.FailedLinks.Union(added?.FailedLinks ?? [], StringComparer.Ordinal)],
            FailedNodes = [.. earlier.FailedNodes.Union(added?.FailedNodes ?? [], StringComparer.Ordinal)],
            FailedHosts = [.. earlier.FailedHosts.Union(added?.FailedHosts ?? [], StringComparer.Ordinal)],
            Upgrades = added?.Upgrades ?? new Dictionary<string, double>(),
            Weights = added?.Weights ?? new Dictionary<string, double>(),
        };
        var file = Graph(network, report, inputs, whatIf, description);
        var outcome = service.Write(branch, context ?? WriteContext.Default, g =>
        {
            var missing = NetworkModels.Sources.Where(s => !g.Models.Contains(ModelId(s))).ToArray();
            if (missing.Length > 0) g.ImportModels(missing);
            var ids = file.Twins.Select(t => t!["$dtId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var relationshipIds = file.Relationships.Select(r => (r!["source"]!.GetValue<string>(), r["id"]!.GetValue<string>())).ToHashSet();
            var removed = 0;
            foreach (var stale in g.Twins.Where(t => IsCapacityModel(t.ModelId)).Select(t => t.Id).Where(id => !ids.Contains(id)).ToList())
            {
                foreach (var rel in g.ListRelationships(stale).Concat(g.ListIncomingRelationships(stale)).ToList())
                    if (g.FindRelationship(rel.SourceId, rel.Id) is not null) g.DeleteRelationship(rel.SourceId, rel.Id);
                g.DeleteTwin(stale);
                removed++;
            }
            foreach (var id in ids.Where(id => g.FindTwin(id) is not null))
                foreach (var rel in g.ListRelationships(id).Where(r => !relationshipIds.Contains((r.SourceId, r.Id))).ToList())
                    g.DeleteRelationship(rel.SourceId, rel.Id);
            // Only what changed is written, so that the branch's history holds the what-if and nothing else.
            var twins = new JsonArray([.. file.Twins.Where(t => !Unchanged(g, (JsonObject)t!)).Select(t => t!.DeepClone())]);
            var relationships = new JsonArray([.. file.Relationships.Where(r => g.FindRelationship(r!["source"]!.GetValue<string>(), r["id"]!.GetValue<string>()) is null).Select(r => r!.DeepClone())]);
            GraphFile.Apply(g, JsonSerializer.SerializeToElement(new JsonObject { ["twins"] = twins, ["relationships"] = relationships }), "link network");
            return removed;
        });
        return new CapacityTwinOutcome(branch, created, network.Nodes.Count, network.Links.Count, outcome.Value, description,
            outcome.FirstSequence, outcome.LastSequence, outcome.Duplicate);
    }

    /// <summary>The link network stored on a branch, or null when it holds none.</summary>
    /// <param name="branch">The branch.</param>
    /// <param name="asOfSequence">Read the branch as of this sequence number; the current state when null.</param>
    /// <exception cref="TwinLabException">The stored twins do not make a valid network, or the topology file they name is gone.</exception>
    public StoredLinkNetwork? Load(string branch = BranchInfo.Main, long? asOfSequence = null)
    {
        var snapshot = service.SnapshotOf(branch, asOfSequence);
        if (!snapshot.Twins.TryGetValue(RootId, out var root) || root.ModelId != NetworkModels.LinkNetwork) return null;
        var where = $"link network stored on '{branch}'";
        NetworkTopology? topology = null;
        if (Text(root, "topologyPath") is { } topologyPath)
        {
            if (!File.Exists(topologyPath))
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: its topology file {topologyPath} no longer exists; give --links FILE again.");
            topology = TopologyFile.Load(topologyPath);
        }
        var twins = snapshot.Twins.Values.ToList();
        var nodeTwins = twins.Where(t => t.ModelId == NetworkModels.Node).OrderBy(t => Number(t, "order") ?? 0).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var linkTwins = twins.Where(t => t.ModelId == NetworkModels.Link).OrderBy(t => Number(t, "order") ?? 0).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var nodes = nodeTwins.Select(t => new CapacityNode(Required(t, "name", where), Text(t, "kind") ?? "")).ToList();
        var attachments = new List<Attachment>();
        foreach (var t in nodeTwins)
        {
            var node = Required(t, "name", where);
            attachments.AddRange(Texts(t, "hosts").Select(h => new Attachment(node) { Host = h }));
            attachments.AddRange(Texts(t, "zones").Select(z => new Attachment(node) { Zone = z }));
            foreach (var s in Texts(t, "subnets"))
                attachments.Add(new Attachment(node)
                {
                    Subnet = IpPrefix.TryParse(s, out var prefix, out var problem) ? prefix : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: {t.Id}.subnets: {problem}"),
                });
        }
        var links = linkTwins.Select(t => new CapacityLink
        {
            Name = Required(t, "name", where),
            A = Required(t, "a", where),
            B = Required(t, "b", where),
            Capacity = Number(t, "capacity") ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: {t.Id} has no capacity"),
            Weight = Number(t, "weight") ?? 1,
            Delay = Number(t, "delay") ?? 0,
            StepCost = Number(t, "stepCost") ?? 0,
            MaxCapacity = Number(t, "maxCapacity"),
        }).ToList();
        var rates = root.Properties.TryGetValue("upgradeRates", out var r) && r.Value.ValueKind == JsonValueKind.Array
            ? r.Value.EnumerateArray().Select(e => e.GetDouble()).ToList() : null;
        CapacityNetwork network;
        try
        {
            network = new CapacityNetwork(nodes, links, attachments, topology, Text(root, "linksFile") ?? where)
            {
                Name = Text(root, "name") ?? "",
                CostUnit = Text(root, "costUnit") ?? "",
                MeanPacketBytes = Number(root, "meanPacketBytes") ?? CapacityNetwork.DefaultMeanPacketBytes,
                UpgradeRates = rates is { Count: > 0 } ? rates : StandardRates.Ethernet,
            };
        }
        catch (CapacityFileException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: {e.Field}: {e.Problem}");
        }
        var failures = new CapacityScenario
        {
            FailedLinks = [.. linkTwins.Where(t => Text(t, "state") == Failed).Select(t => Required(t, "name", where))],
            FailedNodes = [.. nodeTwins.Where(t => Text(t, "state") == Failed).Select(t => Required(t, "name", where))],
            FailedHosts = [.. Texts(root, "failedHosts")],
        };
        var ecmp = root.Properties.TryGetValue("ecmp", out var flag) && flag.Value.ValueKind == JsonValueKind.True;
        return new StoredLinkNetwork(network, failures, Text(root, "trafficPath"), Text(root, "whatIf"), Number(root, "target"), ecmp);
    }

    private static (JsonArray Twins, JsonArray Relationships) Graph(CapacityNetwork network, CapacityReport report, CapacityTwinInputs inputs,
        CapacityScenario whatIf, string description)
    {
        var evaluated = report.Evaluated;
        var failedLinks = whatIf.FailedLinks.ToHashSet(StringComparer.Ordinal);
        var failedNodes = whatIf.FailedNodes.ToHashSet(StringComparer.Ordinal);
        var results = evaluated.Links.ToDictionary(l => l.Link.Name, StringComparer.Ordinal);
        var twins = new JsonArray();
        var relationships = new JsonArray();
        var root = new JsonObject
        {
            ["$dtId"] = RootId,
            ["$metadata"] = new JsonObject { ["$model"] = NetworkModels.LinkNetwork },
            ["name"] = network.Name,
            ["linksFile"] = network.File,
            ["costUnit"] = network.CostUnit,
            ["meanPacketBytes"] = network.MeanPacketBytes,
            ["upgradeRates"] = new JsonArray([.. network.UpgradeRates.Select(x => (JsonNode?)x)]),
            ["target"] = evaluated.Target,
            ["ecmp"] = inputs.Ecmp,
            ["failedHosts"] = new JsonArray([.. whatIf.FailedHosts.Order(StringComparer.Ordinal).Select(h => (JsonNode?)h)]),
            ["maxUtilisation"] = evaluated.MaxUtilisation,
            ["bottlenecks"] = new JsonArray([.. evaluated.Bottlenecks.Select(b => (JsonNode?)b.Link.Name)]),
            ["demands"] = evaluated.Demands.Count,
            ["demandsNotCarried"] = evaluated.NotCarried.Count,
        };
        if (network.Topology is { } topology) root["topologyPath"] = Path.GetFullPath(topology.File);
        if (inputs.TrafficPath is { } traffic) root["trafficPath"] = traffic;
        if (description.Length > 0) root["whatIf"] = description;
        twins.Add(root);
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            var n = network.Nodes[i];
            var at = network.Attachments.Where(a => a.Node == n.Name).ToList();
            twins.Add(new JsonObject
            {
                ["$dtId"] = NodeId(n.Name),
                ["$metadata"] = new JsonObject { ["$model"] = NetworkModels.Node },
                ["name"] = n.Name,
                ["kind"] = n.Kind,
                ["order"] = i,
                ["state"] = failedNodes.Contains(n.Name) ? Failed : Up,
                ["hosts"] = Array(at.Select(a => a.Host)),
                ["zones"] = Array(at.Select(a => a.Zone)),
                ["subnets"] = Array(at.Select(a => a.Subnet?.ToString())),
            });
            relationships.Add(Relationship(RootId, NetworkModels.HasNode, NodeId(n.Name)));
        }
        for (var i = 0; i < network.Links.Count; i++)
        {
            var l = network.Links[i];
            var state = failedLinks.Contains(l.Name) ? Failed : failedNodes.Contains(l.A) || failedNodes.Contains(l.B) ? Down : Up;
            var twin = new JsonObject
            {
                ["$dtId"] = LinkId(l.Name),
                ["$metadata"] = new JsonObject { ["$model"] = NetworkModels.Link },
                ["name"] = l.Name,
                ["a"] = l.A,
                ["b"] = l.B,
                ["order"] = i,
                ["capacity"] = whatIf.Upgrades.TryGetValue(l.Name, out var c) ? c : l.Capacity,
                ["weight"] = whatIf.Weights.TryGetValue(l.Name, out var w) ? w : l.Weight,
                ["delay"] = l.Delay,
                ["stepCost"] = l.StepCost,
                ["state"] = state,
            };
            if (l.MaxCapacity is { } max) twin["maxCapacity"] = max;
            if (results.TryGetValue(l.Name, out var u))
            {
                twin["loadAToB"] = u.LoadAToB;
                twin["loadBToA"] = u.LoadBToA;
                twin["utilisation"] = u.Utilisation;
                if (u.Latency is { } latency) twin["latency"] = latency;
                twin["overloaded"] = u.Overloaded;
            }
            else
            {
                twin["loadAToB"] = 0.0;
                twin["loadBToA"] = 0.0;
                twin["utilisation"] = 0.0;
                twin["overloaded"] = false;
            }
            twins.Add(twin);
            relationships.Add(Relationship(RootId, NetworkModels.HasLink, LinkId(l.Name)));
            relationships.Add(Relationship(LinkId(l.Name), NetworkModels.EndA, NodeId(l.A)));
            relationships.Add(Relationship(LinkId(l.Name), NetworkModels.EndB, NodeId(l.B)));
        }
        return (twins, relationships);
    }

    private static bool Unchanged(TwinGraph g, JsonObject twin)
    {
        if (g.FindTwin(twin["$dtId"]!.GetValue<string>()) is not { } stored || stored.ModelId != twin["$metadata"]?["$model"]?.GetValue<string>()) return false;
        var names = twin.Where(kv => !kv.Key.StartsWith('$')).ToList();
        return names.Count == stored.Properties.Count && names.All(kv => stored.Properties.TryGetValue(kv.Key, out var p)
            && JsonElement.DeepEquals(p.Value, JsonSerializer.SerializeToElement(kv.Value)));
    }

    private static JsonArray Array(IEnumerable<string?> values) => new([.. values.OfType<string>().Select(v => (JsonNode?)v)]);

    private static JsonObject Relationship(string source, string name, string target) =>
        new() { ["source"] = source, ["id"] = $"{name}:{target}", ["name"] = name, ["target"] = target };

    private static bool IsCapacityModel(string model) => model is NetworkModels.LinkNetwork or NetworkModels.Node or NetworkModels.Link;

    private static string? Text(CoreTwin t, string name) =>
        t.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;

    private static string Required(CoreTwin t, string name, string where) =>
        Text(t, name) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: {t.Id} has no {name}");

    private static double? Number(CoreTwin t, string name) =>
        t.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : null;

    private static IEnumerable<string> Texts(CoreTwin t, string name) =>
        t.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.Array
            ? p.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!) : [];

    private static string ModelId(DtdlSource source)
    {
        using var doc = JsonDocument.Parse(source.Text);
        return doc.RootElement.GetProperty("@id").GetString()!;
    }
}
