using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Network.Models;
using CoreTwin = TwinLab.Core.Twins.Twin;

namespace TwinLab.Network.Twin;

/// <summary>
/// The network twin in a TwinLab database: the graph of the last imported scan on a branch (<see cref="NetworkModels"/>
/// twins), and that import's <see cref="NetworkScanSummary"/> as a document.
/// </summary>
/// <remarks>
/// <para>An import (<see cref="Import"/>) compares the branch's stored network twin with the new graph
/// (<see cref="NetworkDiff"/>), then writes the new graph in one atomic write: it imports the network models the branch
/// lacks, creates or replaces every twin and relationship of the graph, and removes what the scan owns but no longer has
/// (hosts gone, their interfaces, services and vulnerabilities, inferred subnets, the scan's relationships), so that the
/// twin mirrors the latest scan. Properties a scan cannot know — a host's <c>name</c>, <c>role</c>, <c>assetValue</c> and
/// <c>crownJewel</c> — are kept from the stored twin. An import with a topology also owns the zones, assets,
/// credentials, firewalls and their relationships, and one with firewall files (or a topology) the rules: those are
/// removed when the new graph no longer has them; an import without them leaves them alone.</para>
/// <para>The summary document has kind <see cref="SummaryKind"/> and the branch name as its id (documents are not branched).</para>
/// </remarks>
/// <param name="service">The database.</param>
/// <param name="time">Clock for the documents' creation time; the system clock when null.</param>
public sealed class NetworkTwinStore(TwinService service, TimeProvider? time = null)
{
    /// <summary>Document kind of the last import's summary.</summary>
    public const string SummaryKind = "network-scan";

    private const string SummaryFormat = "twinlab-network-scan/1";

    /// <summary>Host properties the scan does not set, kept from the stored twin on re-import.</summary>
    private static readonly string[] KeptHostProperties = ["name", "role", "assetValue", "crownJewel"];

    /// <summary>Relationships a scan import writes; others (trust, credentials, assets, rules) are not the scan's to remove.</summary>
    private static readonly HashSet<string> ScanRelationships = new(StringComparer.Ordinal)
    {
        NetworkModels.HasSubnet, NetworkModels.HasHost, NetworkModels.HasInterface, NetworkModels.AttachedTo, NetworkModels.Runs, NetworkModels.HasVulnerability,
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Imports a scan's graph on a branch: compares it with the stored network twin, writes it, and stores its summary.</summary>
    /// <param name="graph">The new graph.</param>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written and, when the branch had a network twin, what changed.</returns>
    /// <exception cref="TwinLabException">an unknown branch, or the graph does not validate against the models.</exception>
    public NetworkImportOutcome Import(NetworkGraph graph, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(branch);
        NetworkDiff? diff = null;
        var write = Write(graph.Graph, branch, context, g =>
        {
            if (g.FindTwin(NetworkGraph.NetworkId) is { } network && network.ModelId == NetworkModels.Network)
                diff = NetworkDiff.Compare(ReadGraph(g.Twins, id => g.ListRelationships(id)), graph.Graph);
        });
        if (!write.Duplicate) SaveSummary(graph.Summary, branch);
        return new NetworkImportOutcome(write, write.Duplicate ? null : diff);
    }

    /// <summary>Writes a network graph file on a branch in one atomic write (see the remarks of <see cref="NetworkTwinStore"/>).</summary>
    /// <param name="graph">The graph file.</param>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written and the sequence numbers of the write.</returns>
    /// <exception cref="TwinLabException">an unknown branch, or the graph does not validate against the models.</exception>
    public NetworkGraphWrite WriteGraph(JsonObject graph, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(branch);
        return Write(graph, branch, context, _ => { });
    }

    /// <summary>The network twin stored on a branch, as a graph file (the twins of <see cref="NetworkModels"/> and their
    /// outgoing relationships); empty arrays when there is none.</summary>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="asOfSequence">Read the branch as of this sequence number; the current state when null.</param>
    public JsonObject ReadGraph(string branch = BranchInfo.Main, long? asOfSequence = null)
    {
        var snapshot = service.SnapshotOf(branch, asOfSequence);
        return ReadGraph(snapshot.Twins.Values, id => snapshot.OutgoingOf(id));
    }

    /// <summary>Stores an import's summary for a branch (replacing the one before).</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="branch">The branch the graph was written on.</param>
    public void SaveSummary(NetworkScanSummary summary, string branch = BranchInfo.Main)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var json = new JsonObject { ["format"] = SummaryFormat, ["summary"] = JsonSerializer.SerializeToNode(summary, JsonOptions) };
        service.Store.SaveDocument(new StoredDocument(SummaryKind, branch, _time.GetUtcNow(),
            $"{Path.GetFileName(summary.ScanFile)}: {summary.Hosts} hosts, {summary.OpenPorts} open ports, {summary.Vulnerabilities} vulnerabilities", json.ToJsonString()));
    }

    /// <summary>The summary of the last import on a branch, or null when none was stored.</summary>
    /// <exception cref="TwinLabException">the stored document cannot be read.</exception>
    public StoredScanSummary? LoadSummary(string branch = BranchInfo.Main)
    {
        if (service.Store.LoadDocument(SummaryKind, branch) is not { } doc) return null;
        try
        {
            var o = JsonNode.Parse(doc.Json) as JsonObject;
            if (o?["format"]?.GetValue<string>() != SummaryFormat)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"stored network scan summary of '{branch}': format is not '{SummaryFormat}'; it may come from a newer TwinLab.");
            var summary = o["summary"].Deserialize<NetworkScanSummary>(JsonOptions)
                ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"stored network scan summary of '{branch}': no summary.");
            return new StoredScanSummary(doc.Created, summary);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"stored network scan summary of '{branch}': {e.Message}");
        }
    }

    private NetworkGraphWrite Write(JsonObject graph, string branch, WriteContext? context, Action<TwinGraph> before)
    {
        var outcome = service.Write(branch, context ?? WriteContext.Default, g =>
        {
            before(g);
            var missing = NetworkModels.Sources.Select(s => (Source: s, Id: ModelId(s)))
                .Where(s => !g.Models.Contains(s.Id) && !NetworkModels.LinkModels.Contains(s.Id)).Select(s => s.Source).ToArray();
            var imported = missing.Length > 0 ? g.ImportModels(missing).Count : 0;
            var file = KeepHostProperties(g, graph);
            // Relationships the new graph no longer has go first: a host's interface may move to another subnet, and
            // attachedTo allows one.
            var droppedRelationships = RemoveStaleRelationships(g, file);
            var (twins, relationships) = GraphFile.Apply(g, JsonSerializer.SerializeToElement(file), "network graph");
            var (twinsRemoved, relationshipsRemoved) = RemoveStale(g, file);
            relationshipsRemoved += droppedRelationships;
            return new NetworkGraphWrite(imported, twins, relationships, twinsRemoved, relationshipsRemoved, 0, 0, false);
        });
        return outcome.Duplicate
            ? new NetworkGraphWrite(0, 0, 0, 0, 0, outcome.FirstSequence, outcome.LastSequence, true)
            : outcome.Value with { FirstSequence = outcome.FirstSequence, LastSequence = outcome.LastSequence };
    }

    /// <summary>A copy of the graph whose hosts carry the stored role, asset value and crown-jewel flag where the graph has none.</summary>
    private static JsonObject KeepHostProperties(TwinGraph g, JsonObject graph)
    {
        var copy = (JsonObject)graph.DeepClone();
        foreach (var twin in (copy["twins"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (twin["$dtId"]?.GetValue<string>() is not { } id || g.FindTwin(id) is not { ModelId: NetworkModels.Host } stored) continue;
            foreach (var name in KeptHostProperties)
                if (twin[name] is null && stored.Properties.TryGetValue(name, out var value))
                    twin[name] = JsonNode.Parse(value.Value.GetRawText());
        }
        return copy;
    }

    private static (int Twins, int Relationships) RemoveStale(TwinGraph g, JsonObject file)
    {
        var twinIds = (file["twins"] as JsonArray ?? []).OfType<JsonObject>().Select(t => t["$dtId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var relationshipIds = (file["relationships"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => (r["source"]!.GetValue<string>(), r["id"]!.GetValue<string>())).ToHashSet();
        var stale = g.Twins.Where(t => !twinIds.Contains(t.Id) && Coverage.Of(file).Owns(t)).Select(t => t.Id).ToList();
        var relationships = 0;
        foreach (var id in stale)
        {
            foreach (var rel in g.ListRelationships(id).Concat(g.ListIncomingRelationships(id)).DistinctBy(r => (r.SourceId, r.Id)).ToList())
            {
                if (g.FindRelationship(rel.SourceId, rel.Id) is null) continue;
                g.DeleteRelationship(rel.SourceId, rel.Id);
                relationships++;
            }
            g.DeleteTwin(id);
        }
        return (stale.Count, relationships);
    }

    /// <summary>Removes the relationships of the new graph's twins that the import owns and the new graph lacks.</summary>
    private static int RemoveStaleRelationships(TwinGraph g, JsonObject file)
    {
        var coverage = Coverage.Of(file);
        var relationshipIds = (file["relationships"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => (r["source"]!.GetValue<string>(), r["id"]!.GetValue<string>())).ToHashSet();
        var removed = 0;
        foreach (var id in (file["twins"] as JsonArray ?? []).OfType<JsonObject>().Select(t => t["$dtId"]!.GetValue<string>()))
        {
            if (g.FindTwin(id) is null) continue;
            foreach (var rel in g.ListRelationships(id).Where(r => coverage.OwnsRelationship(r.Name) && !relationshipIds.Contains((r.SourceId, r.Id))).ToList())
            {
                g.DeleteRelationship(rel.SourceId, rel.Id);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>What an import is the source of, and so may remove when the new graph no longer has it: a scan owns hosts,
    /// interfaces, services, vulnerabilities and inferred subnets; a topology also owns zones, firewalls, assets,
    /// credentials and their relationships; firewall files (or a topology) own the rules.</summary>
    private sealed record Coverage(bool Topology, bool Rules)
    {
        public static Coverage Of(JsonObject file)
        {
            var network = (file["twins"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(t => t["$dtId"]?.GetValue<string>() == NetworkGraph.NetworkId);
            return new Coverage(network?["topologyFile"] is not null, network?["firewallFiles"] is not null);
        }

        public bool Owns(CoreTwin t) => t.ModelId switch
        {
            NetworkModels.Host or NetworkModels.Interface => !t.Id.StartsWith("firewall:", StringComparison.Ordinal) || Topology || Rules,
            NetworkModels.Service or NetworkModels.Vulnerability => true,
            NetworkModels.Subnet => Topology || (t.Properties.TryGetValue("inferred", out var inferred) && inferred.Value.ValueKind == JsonValueKind.True),
            NetworkModels.Asset or NetworkModels.Credential => Topology,
            NetworkModels.FirewallRule => Topology || Rules,
            _ => false,
        };

        public bool OwnsRelationship(string name) => ScanRelationships.Contains(name)
            || (Topology && name is NetworkModels.HoldsAsset or NetworkModels.StoresCredential or NetworkModels.Trusts or NetworkModels.GrantsAccessTo)
            || ((Topology || Rules) && name == NetworkModels.HasFirewallRule);
    }

    private static JsonObject ReadGraph(IEnumerable<CoreTwin> all, Func<string, IEnumerable<Relationship>> outgoing)
    {
        var twins = new JsonArray();
        var relationships = new JsonArray();
        foreach (var t in all.Where(t => t.ModelId.StartsWith(NetworkTwin.ModelPrefix, StringComparison.Ordinal)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var o = new JsonObject { ["$dtId"] = t.Id, ["$metadata"] = new JsonObject { ["$model"] = t.ModelId } };
            foreach (var (name, property) in t.Properties) o[name] = JsonNode.Parse(property.Value.GetRawText());
            twins.Add(o);
            foreach (var r in outgoing(t.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                var rel = new JsonObject { ["source"] = r.SourceId, ["id"] = r.Id, ["name"] = r.Name, ["target"] = r.TargetId };
                if (r.Properties.Count > 0)
                    rel["properties"] = new JsonObject(r.Properties.Select(p => KeyValuePair.Create(p.Key, JsonNode.Parse(p.Value.GetRawText()))));
                relationships.Add(rel);
            }
        }
        return new JsonObject { ["twins"] = twins, ["relationships"] = relationships };
    }

    private static string ModelId(DtdlSource source)
    {
        using var doc = JsonDocument.Parse(source.Text);
        return doc.RootElement.GetProperty("@id").GetString()!;
    }
}

/// <summary>What <see cref="NetworkTwinStore.WriteGraph"/> wrote.</summary>
/// <param name="ModelsImported">Network models imported because the branch lacked them.</param>
/// <param name="Twins">Twins created or replaced.</param>
/// <param name="Relationships">Relationships created or replaced.</param>
/// <param name="TwinsRemoved">Scan-made twins removed because the new graph no longer has them.</param>
/// <param name="RelationshipsRemoved">Relationships removed with them or no longer in the graph.</param>
/// <param name="FirstSequence">First sequence number of the write.</param>
/// <param name="LastSequence">Last sequence number of the write.</param>
/// <param name="Duplicate">The idempotency key had been used: nothing was written.</param>
public sealed record NetworkGraphWrite(int ModelsImported, int Twins, int Relationships, int TwinsRemoved, int RelationshipsRemoved,
    long FirstSequence, long LastSequence, bool Duplicate);

/// <summary>What <see cref="NetworkTwinStore.Import"/> did.</summary>
/// <param name="Write">What was written.</param>
/// <param name="Diff">The changes since the stored network twin; null on a branch's first import (or a duplicate write).</param>
public sealed record NetworkImportOutcome(NetworkGraphWrite Write, NetworkDiff? Diff);

/// <summary>A stored import summary.</summary>
/// <param name="Saved">When it was stored.</param>
/// <param name="Summary">The summary.</param>
public sealed record StoredScanSummary(DateTimeOffset Saved, NetworkScanSummary Summary);
