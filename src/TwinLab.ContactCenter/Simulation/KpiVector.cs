using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>The KPIs a replication reports to the experiment engine, and their values from a result.</summary>
internal static class KpiVector
{
    public static readonly KpiSpec[] Specs =
    [
        new("service_level", null, KpiDirection.Maximise, "Answered within target ÷ (offered − abandoned within target)."),
        new("service_level_offered", null, KpiDirection.Maximise, "Answered within target ÷ all offered."),
        new("asa_seconds", "s", KpiDirection.Minimise, "Average speed of answer: mean wait of contacts answered live."),
        new("abandonment_rate", null, KpiDirection.Minimise, "Abandoned ÷ offered."),
        new("p_wait", null, KpiDirection.Minimise, "Share of contacts that had to wait."),
        new("mean_wait_seconds", "s", KpiDirection.Minimise, "Mean time in queue over all offered contacts (abandoned ones included)."),
        new("occupancy", null, KpiDirection.None, "Busy agent time ÷ staffed agent time."),
        new("handle_time_seconds", "s", KpiDirection.Minimise, "Mean handle time."),
        new("satisfaction", null, KpiDirection.Maximise, "Mean predicted satisfaction of handled contacts (NaN without a predictor)."),
        new("cost", "currency", KpiDirection.Minimise, "Paid agent hours × cost per hour (breaks and shrinkage included)."),
        new("paid_agent_hours", "h", KpiDirection.None, "Agent hours on shift."),
        new("offered", "contacts", KpiDirection.None, "Contacts that reached a queue (fresh, repeat, retrial)."),
        new("contacts_handled", "contacts", KpiDirection.Maximise, "Contacts an agent finished handling."),
        new("abandoned", "contacts", KpiDirection.Minimise, "Contacts that left before service."),
        new("repeat_contacts", "contacts", KpiDirection.Minimise, "Contacts back because an earlier one was unresolved."),
        new("deflected", "contacts", KpiDirection.None, "Fresh contacts a chatbot resolved."),
        new("callbacks", "contacts", KpiDirection.None, "Callers who accepted a callback."),
        new("retrials", "contacts", KpiDirection.None, "Contacts trying again after abandoning."),
    ];

    public static double[] From(ContactCenterResult r)
    {
        var o = r.Overall;
        return
        [
            o.ServiceLevel, o.ServiceLevelOfOffered, o.AverageSpeedOfAnswer, o.AbandonmentRate, o.WaitProbability, o.MeanWait,
            r.Occupancy, o.MeanHandle, o.Satisfaction, r.Cost, r.PaidAgentHours, o.Offered, o.Handled, o.Abandoned,
            o.Repeats, o.Deflected, o.Callbacks, o.Retrials,
        ];
    }
}
