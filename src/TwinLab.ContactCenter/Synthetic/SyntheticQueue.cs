using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>The true parameters of one synthetic queue, for calibration tests to recover.</summary>
/// <param name="Queue">Skill name.</param>
/// <param name="Channel">Channel.</param>
/// <param name="TuesdayContacts">Expected new (not repeat) contacts on a Tuesday; other days scale by
/// <see cref="SyntheticContactCentre.DayFactors"/>, the time of day follows <see cref="SyntheticContactCentre.IntradayShape"/>.</param>
/// <param name="HandleMu">Mean of the log of handle seconds for a proficiency-1 agent (an agent of proficiency p takes 1/p as long).</param>
/// <param name="HandleSigma">Standard deviation of the log of handle seconds.</param>
/// <param name="PatienceMeanSeconds">Mean of the exponential patience: a waiting customer abandons after it.</param>
/// <param name="FirstContactResolution">Chance an answered contact is resolved; otherwise the customer comes back.</param>
/// <param name="RepeatDelayHours">Mean of the exponential delay before an unresolved customer comes back (moved to the next
/// opening when it falls while the centre is closed).</param>
/// <param name="Priority">Routing priority: phone before chat.</param>
public sealed record SyntheticQueue(
    string Queue,
    Channel Channel,
    double TuesdayContacts,
    double HandleMu,
    double HandleSigma,
    double PatienceMeanSeconds,
    double FirstContactResolution,
    double RepeatDelayHours,
    int Priority);
