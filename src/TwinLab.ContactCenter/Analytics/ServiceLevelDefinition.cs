namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Which calls a service level counts once callers abandon (without abandonment both are the same number).
/// Both are in use in workforce-management tools; see Gans, Koole and Mandelbaum, "Telephone call centers:
/// tutorial, review, and research prospects", Manufacturing &amp; Service Operations Management 5(2), 2003, 79–141.
/// </summary>
public enum ServiceLevelDefinition
{
    /// <summary>
    /// The default: calls answered within the target over all offered calls. Every abandoned call counts as a miss,
    /// so it is the conservative choice and it reduces to Erlang C's P(W ≤ t) when nobody abandons.
    /// </summary>
    OfAllOffered = 0,

    /// <summary>
    /// Calls answered within the target over offered calls less those abandoned within the target:
    /// callers who hang up before the target are treated as never having asked for service.
    /// </summary>
    ExcludingShortAbandons = 1,
}
