using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Models;

/// <summary>
/// Describes a contact centre as a graph file (<c>{"twins": […], "relationships": […]}</c>, the format
/// <c>TwinLab.Core.Application.GraphFile</c> loads) using the <see cref="ContactCenterModels"/>: one twin for the
/// centre, each skill, channel, queue, agent and distinct shift.
/// </summary>
/// <remarks>
/// Twin ids are readable and stable: <c>contact-centre</c>, <c>skill-billing</c>, <c>channel-phone</c>,
/// <c>queue-billing-phone</c>, <c>agent-a017</c>, <c>shift-1</c> (shifts numbered in roster order; agents with the
/// same shift share its twin).
/// </remarks>
public static class ContactCenterGraph
{
    /// <summary>The id of the centre's twin.</summary>
    public const string CentreId = "contact-centre";

    /// <summary>The graph of a calibrated (or synthetic) centre.</summary>
    public static JsonObject FromModel(CenterModel model, string name = "Contact centre")
    {
        ArgumentNullException.ThrowIfNull(model);
        return FromData(model.Roster, model.Queues, name, model.IntervalMinutes);
    }

    /// <summary>The graph of a roster and the queues it serves (none yet, before calibration: skills then come from the roster).</summary>
    /// <param name="roster">Agents, skills, shifts and shrinkage.</param>
    /// <param name="queues">The queues, with their arrival rates and time distributions.</param>
    /// <param name="name">The centre's display name.</param>
    /// <param name="intervalMinutes">The length of the queues' arrival-rate intervals.</param>
    public static JsonObject FromData(Roster roster, IEnumerable<QueueModel> queues, string name = "Contact centre", int intervalMinutes = 30)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(queues);
        var queueList = queues.ToArray();
        var b = new GraphBuilder();
        b.Twin(CentreId, ContactCenterModels.ContactCenter, new JsonObject
        {
            ["name"] = name, ["intervalMinutes"] = intervalMinutes, ["shrinkage"] = roster.Shrinkage,
        });
        var skillNames = queueList.Select(q => q.Queue).Concat(roster.Agents.SelectMany(a => a.Skills.Select(s => s.Queue))).Distinct(StringComparer.Ordinal);
        var skills = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var skill in skillNames)
        {
            skills[skill] = b.Twin("skill-" + GraphBuilder.Slug(skill), ContactCenterModels.Skill, new JsonObject { ["name"] = skill });
            b.Relationship(CentreId, ContactCenterModels.HasSkill, skills[skill]);
        }
        var channels = new Dictionary<Channel, string>();
        foreach (var channel in queueList.Select(q => q.Channel).Distinct().Order())
        {
            var kind = Lower(channel);
            channels[channel] = b.Twin("channel-" + kind, ContactCenterModels.Channel, new JsonObject { ["kind"] = kind, ["name"] = channel.ToString() });
            b.Relationship(CentreId, ContactCenterModels.HasChannel, channels[channel]);
        }
        foreach (var q in queueList)
        {
            var id = b.Twin($"queue-{GraphBuilder.Slug(q.Queue)}-{Lower(q.Channel)}", ContactCenterModels.Queue, QueueProperties(q));
            b.Relationship(CentreId, ContactCenterModels.HasQueue, id);
            b.Relationship(id, ContactCenterModels.NeedsSkill, skills[q.Queue]);
            b.Relationship(id, ContactCenterModels.OnChannel, channels[q.Channel]);
        }
        var shifts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in roster.Agents)
        {
            var id = b.Twin("agent-" + GraphBuilder.Slug(agent.Id), ContactCenterModels.Agent, new JsonObject
            {
                ["agentId"] = agent.Id, ["costPerHour"] = agent.CostPerHour, ["chatConcurrency"] = agent.ChatConcurrency,
            });
            b.Relationship(CentreId, ContactCenterModels.HasAgent, id);
            for (var k = 0; k < agent.Skills.Count; k++)
                b.Relationship(id, ContactCenterModels.HasSkill, skills[agent.Skills[k].Queue],
                    new JsonObject { ["proficiency"] = agent.Skills[k].Proficiency, ["preference"] = k + 1 });
            foreach (var shift in agent.Shifts)
            {
                var key = ShiftKey(shift);
                if (!shifts.TryGetValue(key, out var shiftId))
                    shifts[key] = shiftId = b.Twin($"shift-{shifts.Count + 1}", ContactCenterModels.Shift, ShiftProperties(shift));
                b.Relationship(id, ContactCenterModels.WorksShift, shiftId);
            }
        }
        return b.Build();
    }

    private static JsonObject QueueProperties(QueueModel q)
    {
        var o = new JsonObject
        {
            ["queue"] = q.Queue,
            ["channel"] = Lower(q.Channel),
            ["arrivalRatesPerHour"] = new JsonArray([.. q.ArrivalRatesPerHour.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["handleSeconds"] = q.HandleSeconds.ToString(),
        };
        if (q.PatienceSeconds is { } patience) o["patienceSeconds"] = patience.ToString();
        o["firstContactResolution"] = q.FirstContactResolution;
        o["repeatDelayHours"] = q.RepeatDelayHours;
        o["priority"] = q.Priority;
        return o;
    }

    private static JsonObject ShiftProperties(Shift s) => new()
    {
        ["days"] = new JsonArray([.. s.Days.Select(d => (JsonNode?)JsonValue.Create(d.ToString().ToLowerInvariant()))]),
        ["start"] = Time(s.Start),
        ["end"] = Time(s.End),
        ["breaks"] = new JsonArray([.. s.Breaks.Select(b => (JsonNode?)new JsonObject { ["start"] = Time(b.Start), ["minutes"] = b.Minutes })]),
    };

    // Shift records hold lists, which compare by reference; identical shifts are found by their text instead.
    private static string ShiftKey(Shift s) =>
        $"{string.Join(",", s.Days)}|{Time(s.Start)}|{Time(s.End)}|{string.Join(",", s.Breaks.Select(b => $"{Time(b.Start)}+{b.Minutes}"))}";

    private static string Time(TimeOnly t) => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Lower(Channel c) => c.ToString().ToLowerInvariant();
}
