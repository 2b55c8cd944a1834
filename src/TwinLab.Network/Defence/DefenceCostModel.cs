namespace TwinLab.Network.Defence;

/// <summary>
/// The cost of each candidate measure. The most specific entry wins: a measure's own id
/// (<see cref="MeasureCosts"/>), then the CVE for patches (<see cref="CveCosts"/>), then the host and kind
/// (<see cref="HostCosts"/>), then the kind (<see cref="KindCosts"/>). Measures listed in <see cref="Excluded"/>
/// are never proposed (a business-critical port, a trust that must stay).
/// </summary>
/// <remarks>The default costs are hours of work and are this twin's planning assumptions, not published figures:
/// patching one program on one host (test, change window, reboot) 2 h; closing a port or removing a service 0.5 h;
/// one firewall rule 1 h (change request and review); removing a trust (an SSH key, a delegation) 1 h; rotating or
/// purging a cached credential 1 h; isolating a host 4 h (it must be re-homed); moving a host to another zone 8 h
/// (readdressing). Write the cost file in any unit, as long as one unit is used throughout. KEV patches are not
/// cheaper, they are <see cref="DefenceMeasure.Urgent"/> (see <c>CutOptions.IncludeUrgent</c>).</remarks>
public sealed record DefenceCostModel
{
    /// <summary>The default cost of each kind, in hours (declared first: static initialisers run in order).</summary>
    public static IReadOnlyDictionary<MeasureKind, double> DefaultKindCosts { get; } = new Dictionary<MeasureKind, double>
    {
        [MeasureKind.Patch] = 2,
        [MeasureKind.ClosePort] = 0.5,
        [MeasureKind.BlockFlow] = 1,
        [MeasureKind.RemoveTrust] = 1,
        [MeasureKind.RemoveCredential] = 1,
        [MeasureKind.IsolateHost] = 4,
        [MeasureKind.MoveHost] = 8,
    };

    /// <summary>The default cost of each kind (all kinds present).</summary>
    public IReadOnlyDictionary<MeasureKind, double> KindCosts { get; init; } = DefaultKindCosts;

    /// <summary>Per host, the cost of kinds of measure on it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<MeasureKind, double>> HostCosts { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<MeasureKind, double>>();

    /// <summary>Per CVE id, the cost of patching it on one host.</summary>
    public IReadOnlyDictionary<string, double> CveCosts { get; init; } = new Dictionary<string, double>();

    /// <summary>Per measure id (<see cref="DefenceMeasure.Id"/>), its cost.</summary>
    public IReadOnlyDictionary<string, double> MeasureCosts { get; init; } = new Dictionary<string, double>();

    /// <summary>Measure ids never proposed.</summary>
    public IReadOnlySet<string> Excluded { get; init; } = new HashSet<string>();

    /// <summary>The default model (see the remarks).</summary>
    public static DefenceCostModel Default { get; } = new();

    /// <summary>The cost of a measure under this model (its own <see cref="DefenceMeasure.Cost"/> is ignored).</summary>
    public double CostOf(DefenceMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (MeasureCosts.TryGetValue(measure.Id, out var own)) return own;
        if (measure is PatchVulnerability p && CveCosts.TryGetValue(p.VulnId, out var cve)) return cve;
        if (measure.Host is { } host && HostCosts.TryGetValue(host, out var kinds) && kinds.TryGetValue(measure.Kind, out var onHost))
            return onHost;
        return KindCosts.TryGetValue(measure.Kind, out var kind) ? kind : DefaultKindCosts[measure.Kind];
    }

    /// <summary>Whether the measure may be proposed.</summary>
    public bool Allows(DefenceMeasure measure) => !Excluded.Contains(measure.Id);

    /// <summary>Reads a cost file (YAML; see <see cref="Parse"/>).</summary>
    /// <exception cref="DefenceCostFileException">The file is malformed; the message names file, line and field.</exception>
    public static DefenceCostModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DefenceCostFileException(path, 1, 1, "", $"cannot be read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// Reads a cost file's text. Every section is optional:
    /// <code>
    /// kinds:            # default cost per kind
    ///   patch: 2
    ///   close-port: 0.5
    /// hosts:            # per host and kind
    ///   dc01: { patch: 8, close-port: 4 }
    /// cves:             # patching this CVE, per host
    ///   CVE-2021-1675: 6
    /// measures:         # one measure by id
    ///   "untrust:mgmt01->db01:root": 3
    /// exclude:          # never proposed
    ///   - "close:web01:tcp/443"
    /// </code>
    /// </summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="file">The file name for error messages.</param>
    /// <exception cref="DefenceCostFileException">The text is malformed; the message names file, line and field.</exception>
    public static DefenceCostModel Parse(string text, string file = "<costs>") => CostFileReader.Read(text, file);
}
