using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// Contact KPIs of one replication, for one queue or the whole centre. They cover contacts that arrived after the
/// warm-up and before the horizon; rates are NaN when their base is empty.
/// </summary>
/// <param name="Scope">Queue name, or "all".</param>
/// <param name="Channel">The queue's channel; null for the whole centre.</param>
/// <param name="Offered">Contacts that reached a queue: fresh, repeat and retrial (deflected ones excluded).</param>
/// <param name="Handled">Contacts an agent finished handling (live and callbacks).</param>
/// <param name="Abandoned">Contacts that left before service.</param>
/// <param name="Repeats">Contacts that came back because an earlier one was not resolved.</param>
/// <param name="Retrials">Contacts that try again after abandoning.</param>
/// <param name="Deflected">Fresh contacts a chatbot resolved before they reached the queue.</param>
/// <param name="Callbacks">Callers who accepted a callback offer.</param>
/// <param name="ServiceLevel">Answered within the target ÷ (offered − abandoned within the target): contacts that
/// hung up within the target do not count against it (the usual ACD definition). Callback takers count as not answered
/// within the target. Phone and chat use the seconds target, email the hours target.</param>
/// <param name="ServiceLevelOfOffered">The alternative: answered within the target ÷ all offered.</param>
/// <param name="AverageSpeedOfAnswer">ASA: mean wait of contacts answered live, in seconds. For the whole centre it
/// covers phone and chat only (email waits, in hours, are in the email queues' KPIs).</param>
/// <param name="AbandonmentRate">Abandoned ÷ offered.</param>
/// <param name="WaitProbability">Share of offered contacts that found no agent free and had to wait.</param>
/// <param name="MeanWait">Mean time in queue over all offered contacts (answered, abandoned, or until a callback
/// was accepted), in seconds: Erlang A's E[W]. For the whole centre, phone and chat only.</param>
/// <param name="MeanHandle">Mean handle time of handled contacts, in seconds (after proficiency and chat stretch).</param>
/// <param name="Satisfaction">Mean predicted satisfaction of handled contacts; NaN without a predictor.</param>
public sealed record ContactKpis(
    string Scope,
    Channel? Channel,
    long Offered,
    long Handled,
    long Abandoned,
    long Repeats,
    long Retrials,
    long Deflected,
    long Callbacks,
    double ServiceLevel,
    double ServiceLevelOfOffered,
    double AverageSpeedOfAnswer,
    double AbandonmentRate,
    double WaitProbability,
    double MeanWait,
    double MeanHandle,
    double Satisfaction);
