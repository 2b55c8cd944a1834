using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>A generated month: the interaction log and the truth that produced it.</summary>
/// <param name="Interactions">One per contact, in arrival order; <see cref="Interaction.Row"/> is its row in the CSV.</param>
/// <param name="Truth">The centre that generated them: 30-minute weekly arrival rates of new contacts, lognormal handle
/// times, exponential patience, resolution, repeat delays, the roster and the satisfaction model.</param>
/// <param name="Settings">The settings used.</param>
public sealed record SyntheticMonth(IReadOnlyList<Interaction> Interactions, CenterModel Truth, SyntheticSettings Settings);
