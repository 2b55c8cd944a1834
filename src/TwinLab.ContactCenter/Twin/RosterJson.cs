using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Twin;

/// <summary>A roster as JSON: <c>{"shrinkage", "agents": [{"id", "skills": [{"queue", "proficiency"}], "shifts":
/// [{"days": ["monday", …], "start": "08:00:00", "end", "breaks": [{"start", "minutes"}]}], "costPerHour", "chatConcurrency"}]}</c>.</summary>
internal static class RosterJson
{
    public static JsonObject Write(Roster roster) => new()
    {
        ["shrinkage"] = roster.Shrinkage,
        ["agents"] = new JsonArray([.. roster.Agents.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id,
            ["skills"] = new JsonArray([.. a.Skills.Select(s => (JsonNode)new JsonObject { ["queue"] = s.Queue, ["proficiency"] = s.Proficiency })]),
            ["shifts"] = new JsonArray([.. a.Shifts.Select(Shift)]),
            ["costPerHour"] = a.CostPerHour,
            ["chatConcurrency"] = a.ChatConcurrency,
        })]),
    };

    public static Roster Read(JsonNode? node, string path)
    {
        var o = StoredJson.Object(node, path);
        var agents = StoredJson.Array(o, "agents", path).Select((a, i) =>
        {
            var where = $"{path}.agents[{i}]";
            var agent = StoredJson.Object(a, where);
            var skills = StoredJson.Array(agent, "skills", where).Select((s, k) =>
            {
                var at = $"{where}.skills[{k}]";
                var skill = StoredJson.Object(s, at);
                return new AgentSkill(StoredJson.Text(skill, "queue", at), StoredJson.Number(skill, "proficiency", at));
            }).ToList();
            var shifts = StoredJson.Array(agent, "shifts", where).Select((s, k) => ReadShift(s, $"{where}.shifts[{k}]")).ToList();
            return new Agent(StoredJson.Text(agent, "id", where), skills, shifts, StoredJson.Number(agent, "costPerHour", where),
                StoredJson.Integer(agent, "chatConcurrency", where));
        }).ToList();
        return new Roster(agents, StoredJson.Number(o, "shrinkage", path));
    }

    private static JsonNode Shift(Shift s) => new JsonObject
    {
        ["days"] = new JsonArray([.. s.Days.Select(d => (JsonNode)d.ToString().ToLowerInvariant())]),
        ["start"] = Time(s.Start),
        ["end"] = Time(s.End),
        ["breaks"] = new JsonArray([.. s.Breaks.Select(b => (JsonNode)new JsonObject { ["start"] = Time(b.Start), ["minutes"] = b.Minutes })]),
    };

    private static Shift ReadShift(JsonNode? node, string path)
    {
        var o = StoredJson.Object(node, path);
        var days = StoredJson.Array(o, "days", path).Select((d, k) =>
        {
            var text = d is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return Enum.TryParse<DayOfWeek>(text, ignoreCase: true, out var day) && !int.TryParse(text, out _)
                ? day
                : throw new StoredTwinException($"{path}.days[{k}]: expected a day name such as 'monday'.");
        }).ToList();
        var breaks = StoredJson.Array(o, "breaks", path).Select((b, k) =>
        {
            var at = $"{path}.breaks[{k}]";
            var br = StoredJson.Object(b, at);
            return new Break(ReadTime(br, "start", at), StoredJson.Integer(br, "minutes", at));
        }).ToList();
        return new Shift(days, ReadTime(o, "start", path), ReadTime(o, "end", path), breaks);
    }

    private static string Time(TimeOnly t) => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static TimeOnly ReadTime(JsonObject o, string name, string path)
    {
        var text = StoredJson.Text(o, name, path);
        return TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new StoredTwinException($"{path}.{name}: '{text}' is not a time of day such as 08:30:00.");
    }
}
