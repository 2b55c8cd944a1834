using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;
using TwinLab.Network.Models;
using TwinLab.Network.Twin;
using CoreTwin = TwinLab.Core.Twins.Twin;

namespace TwinLab.Server.Domains;

/// <summary>Finds the networks stored on a branch and keeps their analyses: an analysis is rebuilt only when the
/// Network twin or one of the files it was imported from changes.</summary>
/// <remarks>As the CLI's <c>network paths|whatif|recommend</c> without <c>--topology</c>, the analysis reads the input
/// files whose paths the last import recorded on the Network twin (<c>topologyPath</c>, <c>scanPath</c>, <c>cvePath</c>,
/// <c>epssPath</c>, <c>kevPath</c>); a cost file named <c>costs.yaml</c> beside the topology prices the changes (else
/// the default hours of <see cref="DefenceCostModel"/>). Only files inside <see cref="NetworkInputFolders"/> are opened.</remarks>
internal sealed class NetworkAnalyses(TwinService service, NetworkInputFolders folders)
{
    /// <summary>An unknown network: 404.</summary>
    public const string NetworkNotFound = "NetworkNotFound";

    /// <summary>A network whose attack graph cannot be built (no topology; an input file missing or unreadable): 409.</summary>
    public const string NetworkNotAnalysable = "NetworkNotAnalysable";

    /// <summary>The cost file looked for beside the topology.</summary>
    public const string CostFileName = "costs.yaml";

    private const int MaxCached = 16;

    private readonly ConcurrentDictionary<string, Lazy<NetworkAnalysis>> _cache = new(StringComparer.Ordinal);

    /// <summary>The networks on the branch (at <paramref name="asOf"/>).</summary>
    public IReadOnlyList<NetworkSummaryView> List(string branch, long? asOf) =>
        [.. service.SnapshotOf(branch, asOf).Twins.Values.Where(t => t.ModelId == NetworkModels.Network).OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => new NetworkSummaryView(t.Id, Text(t, "name") ?? t.Id, Text(t, "scanFile"), Text(t, "topologyFile"),
                Text(t, "topologyPath") is not null, Text(t, "topologyPath") is null ? NoTopology(t.Id) : null))];

    /// <summary>The analysis of network <paramref name="id"/>.</summary>
    /// <exception cref="TwinLabException"><see cref="NetworkNotFound"/> or <see cref="NetworkNotAnalysable"/>.</exception>
    public NetworkAnalysis Get(string branch, long? asOf, string id, int replications, ulong seed)
    {
        var twin = service.SnapshotOf(branch, asOf).Twins.TryGetValue(id, out var t) && t.ModelId == NetworkModels.Network ? t
            : throw new TwinLabException(NetworkNotFound, $"No network '{id}' on branch '{branch}'; GET /domains/network lists them (twinlab network import stores one).");
        var inputs = Inputs(twin);
        var costFile = Path.Combine(Path.GetDirectoryName(inputs.Topology!) ?? ".", CostFileName);
        foreach (var (field, path) in new[] { ("topologyPath", inputs.Topology), ("scanPath", inputs.Scan), ("cvePath", inputs.Cves), ("epssPath", inputs.Epss), ("kevPath", inputs.Kev), ("costs.yaml beside topologyPath", costFile) })
            if (path is not null) folders.Check(id, field, path);
        var files = new[] { inputs.Topology, inputs.Scan, inputs.Cves, inputs.Epss, inputs.Kev, costFile }.OfType<string>()
            .Select(f => f + "@" + (File.Exists(f) ? File.GetLastWriteTimeUtc(f).Ticks.ToString(CultureInfo.InvariantCulture) : "-"));
        var key = string.Join("|", [branch, id, twin.ETag, replications.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture), .. files]);
        if (_cache.Count >= MaxCached && !_cache.ContainsKey(key)) _cache.Clear();
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<NetworkAnalysis>(
            () => Analyse(twin, branch, inputs, costFile, replications, seed), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed analysis (a file being rewritten) is tried again on the next request.
            _cache.TryRemove(key, out _);
            throw;
        }
    }

    private static NetworkAnalysis Analyse(CoreTwin twin, string branch, NetworkInputPaths inputs, string costFile, int replications, ulong seed)
    {
        foreach (var (field, path) in new[] { ("topologyPath", inputs.Topology), ("scanPath", inputs.Scan), ("cvePath", inputs.Cves), ("epssPath", inputs.Epss), ("kevPath", inputs.Kev) })
            if (path is not null && !File.Exists(path))
                throw new TwinLabException(NetworkNotAnalysable,
                    $"Network '{twin.Id}' was imported from {path} ({field} on the Network twin), which no longer exists; import it again (twinlab network import).");
        try
        {
            var study = NetworkStudy.Load(inputs.Topology!, inputs.Scan, inputs.Cves, inputs.Epss, inputs.Kev);
            var costs = File.Exists(costFile) ? DefenceCostModel.Load(costFile) : DefenceCostModel.Default;
            return new NetworkAnalysis(twin.Id, Text(twin, "name") ?? twin.Id, branch, study, costs, File.Exists(costFile) ? costFile : "default",
                replications, seed);
        }
        catch (TwinLabException e) when (e.Code == ErrorCodes.InvalidArgument)
        {
            // The files are the server's, not the caller's: a problem in them is a conflict with the stored state, not a bad request.
            throw new TwinLabException(NetworkNotAnalysable, $"Network '{twin.Id}' cannot be analysed: {e.Message}");
        }
    }

    private static NetworkInputPaths Inputs(CoreTwin twin) => Text(twin, "topologyPath") is { } topology
        ? new NetworkInputPaths(topology, Text(twin, "scanPath"), Text(twin, "cvePath"), Text(twin, "epssPath"), Text(twin, "kevPath"))
        : throw new TwinLabException(NetworkNotAnalysable, NoTopology(twin.Id));

    private static string NoTopology(string id) =>
        $"Network '{id}' was imported without a topology; its attack graph needs the zones, firewalls and attacker starts (twinlab network import --scan FILE --topology FILE).";

    private static string? Text(CoreTwin twin, string name) =>
        twin.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
}
