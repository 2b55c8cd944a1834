using System.Collections;
using TwinLab.Core.Errors;
using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>Which source (host or zone) can open which service: the <c>hacl</c> facts of the attack graph, stored per
/// equivalence class so 10,000 hosts × 50,000 services stay small.</summary>
/// <remarks>A host reaches its own services locally: <see cref="CanReach(string, int)"/> answers true for them, but
/// <see cref="ReachableServiceIndices"/> and <see cref="Facts"/> leave them out. Immutable after construction except for
/// lazily cached row lists; not thread-safe.</remarks>
public sealed class ReachabilityMatrix
{
    private readonly int[] _serviceClass;
    private readonly Dictionary<string, int> _sourceRow;
    private readonly BitArray[] _rows;
    private readonly int[]?[] _rowServices;
    private readonly HashSet<string> _hosts;
    private Dictionary<(string, IpProtocol, int), int>? _serviceIndex;

    internal ReachabilityMatrix(ServiceEndpoint[] services, int[] serviceClass, Dictionary<string, int> sourceRow, BitArray[] rows,
        string[] hostSources, string[] zoneSources, int evaluations)
    {
        Services = services;
        _serviceClass = serviceClass;
        _sourceRow = sourceRow;
        _rows = rows;
        _rowServices = new int[]?[rows.Length];
        HostSources = hostSources;
        _hosts = new HashSet<string>(hostSources, StringComparer.Ordinal);
        ZoneSources = zoneSources;
        PathEvaluations = evaluations;
    }

    /// <summary>The services, in the order given; indices below refer to this list.</summary>
    public IReadOnlyList<ServiceEndpoint> Services { get; }

    /// <summary>Source hosts, in topology order.</summary>
    public IReadOnlyList<string> HostSources { get; }

    /// <summary>Source zones, in topology order (an attacker starting in the zone, such as <c>internet</c>).</summary>
    public IReadOnlyList<string> ZoneSources { get; }

    /// <summary>Distinct source rows (equivalence classes of sources).</summary>
    public int SourceClassCount => _rows.Length;

    /// <summary>Distinct service columns (equivalence classes of services).</summary>
    public int ServiceClassCount => _rows.Length == 0 ? 0 : _rows[0].Length;

    /// <summary>How many packet-path evaluations were needed.</summary>
    public int PathEvaluations { get; }

    /// <summary>True when <paramref name="source"/> (host or zone) can open a new connection to service <paramref name="serviceIndex"/>.</summary>
    /// <param name="source">A host or zone name.</param>
    /// <param name="serviceIndex">An index into <see cref="Services"/>.</param>
    public bool CanReach(string source, int serviceIndex) =>
        Services[serviceIndex].Host == source || _rows[Row(source)][_serviceClass[serviceIndex]];

    /// <summary>True when <paramref name="source"/> can open the service; false for a service not in <see cref="Services"/>.</summary>
    /// <param name="source">A host or zone name.</param>
    /// <param name="host">The destination host.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="port">The port.</param>
    public bool CanReach(string source, string host, IpProtocol protocol, int port)
    {
        if (_serviceIndex is null)
        {
            _serviceIndex = [];
            for (var i = 0; i < Services.Count; i++) _serviceIndex.TryAdd((Services[i].Host, Services[i].Protocol, Services[i].Port), i);
        }
        return _serviceIndex.TryGetValue((host, protocol, port), out var index) && CanReach(source, index);
    }

    /// <summary>Indices of the services <paramref name="source"/> can open, ascending, without the source's own services.</summary>
    /// <param name="source">A host or zone name.</param>
    public IReadOnlyList<int> ReachableServiceIndices(string source)
    {
        var row = Row(source);
        var all = _rowServices[row] ??= RowServices(row);
        if (!_hosts.Contains(source)) return all;
        return Array.FindAll(all, i => Services[i].Host != source);
    }

    /// <summary>The row (source equivalence class) of a host or zone; sources in one row reach the same services.</summary>
    /// <param name="source">A host or zone name.</param>
    public int SourceClassOf(string source) => Row(source);

    /// <summary>Indices of the services a source class reaches, ascending, shared and not copied. For a host this also holds
    /// its own services (reached locally), which <see cref="ReachableServiceIndices"/> leaves out.</summary>
    /// <param name="sourceClass">A row from <see cref="SourceClassOf"/>.</param>
    public IReadOnlyList<int> ServiceIndicesOfClass(int sourceClass) => _rowServices[sourceClass] ??= RowServices(sourceClass);

    /// <summary>The services <paramref name="source"/> can open, without its own.</summary>
    /// <param name="source">A host or zone name.</param>
    public IEnumerable<ServiceEndpoint> ReachableServices(string source) => ReachableServiceIndices(source).Select(i => Services[i]);

    /// <summary>Every <c>hacl(source, destination, protocol, port)</c> fact: host sources first, then zones if asked.</summary>
    /// <param name="includeZoneSources">Also list zones as sources.</param>
    public IEnumerable<Hacl> Facts(bool includeZoneSources = true)
    {
        foreach (var source in includeZoneSources ? HostSources.Concat(ZoneSources) : HostSources)
            foreach (var i in ReachableServiceIndices(source))
                yield return new Hacl(source, Services[i].Host, Services[i].Protocol, Services[i].Port);
    }

    /// <summary>How many (source, service) pairs are allowed, counted without listing them.</summary>
    /// <param name="includeZoneSources">Also count zones as sources.</param>
    public long AllowedPairCount(bool includeZoneSources = true)
    {
        long total = 0;
        foreach (var source in includeZoneSources ? HostSources.Concat(ZoneSources) : HostSources)
        {
            var row = Row(source);
            var all = _rowServices[row] ??= RowServices(row);
            total += all.Length;
        }
        // Own services are in the row lists of hosts but are not hacl facts.
        foreach (var (s, i) in Services.Select((s, i) => (s, i)))
            if (_sourceRow.TryGetValue(s.Host, out var row) && _rows[row][_serviceClass[i]]) total--;
        return total;
    }

    private int[] RowServices(int row)
    {
        var bits = _rows[row];
        var list = new List<int>();
        for (var i = 0; i < _serviceClass.Length; i++) if (bits[_serviceClass[i]]) list.Add(i);
        return [.. list];
    }

    private int Row(string source) => _sourceRow.TryGetValue(source, out var row)
        ? row : throw new TwinLabException(ErrorCodes.InvalidArgument, $"'{source}' is neither a host nor a zone of the matrix");
}
