using TwinLab.Core.Twins;
using TwinLab.Sync.Drift.ContactCentre;
using TwinLab.Sync.Drift.Expectations;
using TwinLab.Sync.Drift.Hypertension;

namespace TwinLab.Sync.Drift;

/// <summary>
/// The predictors a <see cref="DriftMonitor"/> asks, in order of precedence: for each telemetry the first that covers it
/// judges it. The default catalog puts the user's declared expectations first (so a user can override a domain), then
/// predictors added with <see cref="Add"/>, then the domain predictors.
/// </summary>
public sealed class DriftPredictorCatalog
{
    private readonly List<IDriftPredictor> _first = [];
    private readonly List<IDriftPredictor> _added = [];
    private readonly List<IDriftPredictor> _last = [];

    /// <summary>An empty catalog over a drift store.</summary>
    public DriftPredictorCatalog(DriftStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
    }

    /// <summary>The drift store (expectations are read from it).</summary>
    public DriftStore Store { get; }

    /// <summary>The catalog with the shipped predictors: declared expectations, the hypertension twin, the contact centre's arrivals.</summary>
    public static DriftPredictorCatalog CreateDefault(DriftStore store, TimeProvider? time = null)
    {
        var catalog = new DriftPredictorCatalog(store);
        catalog._first.Add(new ExpectationPredictor(store, time));
        catalog._last.Add(new HypertensionPredictor(time));
        catalog._last.Add(new ArrivalsPredictor(time));
        return catalog;
    }

    /// <summary>Adds a predictor after the declared expectations and before the shipped domain predictors.</summary>
    /// <exception cref="ArgumentException">A predictor of that name is already in the catalog.</exception>
    public DriftPredictorCatalog Add(IDriftPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (All.Any(p => p.Name == predictor.Name)) throw new ArgumentException($"A drift predictor named '{predictor.Name}' is already registered.", nameof(predictor));
        _added.Add(predictor);
        return this;
    }

    /// <summary>Every predictor, in order of precedence.</summary>
    public IReadOnlyList<IDriftPredictor> All => [.. _first, .. _added, .. _last];

    /// <summary>A predictor by name, or <c>null</c>.</summary>
    public IDriftPredictor? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The predictor that judges a telemetry of a twin, or <c>null</c> when none covers it.</summary>
    public IDriftPredictor? For(Twin twin, string? component, string telemetry, DriftContext context)
    {
        foreach (var p in _first) if (p.Covers(twin, component, telemetry, context)) return p;
        foreach (var p in _added) if (p.Covers(twin, component, telemetry, context)) return p;
        foreach (var p in _last) if (p.Covers(twin, component, telemetry, context)) return p;
        return null;
    }
}
