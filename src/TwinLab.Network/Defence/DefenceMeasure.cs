using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>
/// A named change to the network, with a cost, that removes primitive facts of the attack graph (and, for
/// <see cref="MoveHost"/> and some <see cref="BlockFlow"/> rules, adds narrower ones). Subtypes:
/// <see cref="PatchVulnerability"/>, <see cref="ClosePort"/>, <see cref="BlockFlow"/>, <see cref="RemoveTrust"/>,
/// <see cref="RemoveStoredCredential"/>, <see cref="RemoveAllowedFlow"/>, <see cref="IsolateHost"/>, <see cref="MoveHost"/>.
/// </summary>
/// <remarks>Every measure has a canonical text, its <see cref="Id"/>, which <see cref="Parse"/> reads back:
/// <c>patch:CVE-2021-41773@web01</c> (or <c>patch:CVE-2021-41773</c> on every host), <c>close:web01:tcp/443</c>
/// (or <c>close:web01:443</c>), <c>block:laptop01->dc01:tcp/445</c> (<c>*</c> for any protocol or port),
/// <c>unallow:ws->dc:tcp/445</c> (<see cref="RemoveAllowedFlow"/>),
/// <c>untrust:mgmt01->db01:root</c> (user optional), <c>uncredential:domain-admin@web01</c> (host optional: every
/// copy), <c>isolate:web01</c>, <c>move:web01->dmz</c>. Host names must not contain <c>:</c>, <c>@</c> or
/// <c>-&gt;</c>.</remarks>
public abstract record DefenceMeasure
{
    /// <summary>The kind.</summary>
    public abstract MeasureKind Kind { get; }

    /// <summary>The canonical text (see the remarks), unique per change; used in cost files and on the command line.</summary>
    public abstract string Id { get; }

    /// <summary>The host the work is done on (per-host costs apply to it); null for a change on every host.</summary>
    public abstract string? Host { get; }

    /// <summary>The cost (hours of work by default; any unit, the same for all measures compared).</summary>
    public double Cost { get; init; }

    /// <summary>What the change is, in words.</summary>
    public string? Description { get; init; }

    /// <summary>Urgent: the patch of a vulnerability known to be exploited (CISA KEV).</summary>
    public bool Urgent { get; init; }

    /// <summary>Whether the measure only removes facts, so it can never give the attacker anything (cuts need this).</summary>
    public virtual bool RemovesOnly => true;

    /// <summary>The facts the measure removes from (and adds to) <paramref name="facts"/>.</summary>
    internal abstract FactChange Plan(FactLookup facts);

    /// <summary>The facts the measure removes from (and adds to) <paramref name="facts"/>.</summary>
    internal FactChange Plan(AttackFacts facts) => Plan(new FactLookup(facts));

    /// <summary>Applies the measure.</summary>
    /// <exception cref="DefenceMeasureException">The measure matches no fact (a typo, or already applied).</exception>
    public AttackFacts ApplyTo(AttackFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var change = Plan(facts);
        if (change.RemovedCount == 0 && change.AddedCount == 0)
            throw new DefenceMeasureException(Id, "matches no fact of the network (check the names; it may be applied already)");
        return change.ApplyTo(facts);
    }

    /// <summary>Applies measures in order.</summary>
    /// <exception cref="DefenceMeasureException">A measure matches no fact.</exception>
    public static AttackFacts ApplyAll(AttackFacts facts, IEnumerable<DefenceMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        foreach (var m in measures) facts = m.ApplyTo(facts);
        return facts;
    }

    /// <summary>Reads a measure from its canonical text (see the remarks); the cost is 0 unless set afterwards.</summary>
    /// <exception cref="DefenceMeasureException">The text is not a measure.</exception>
    public static DefenceMeasure Parse(string text) => MeasureText.Parse(text);

    /// <inheritdoc />
    public sealed override string ToString() => Id;
}
