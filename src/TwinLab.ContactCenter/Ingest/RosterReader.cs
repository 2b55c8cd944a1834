using TwinLab.Simulation.Scenarios;
using System.Globalization;
using TwinLab.ContactCenter.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>Reads the YAML of <see cref="RosterFile"/> into a <see cref="Roster"/>, checking every value where it is written.</summary>
internal sealed class RosterReader(string source)
{
    private static readonly string[] TopKeys = ["shrinkage", "cost_per_hour", "chat_concurrency", "shifts", "agents"];
    private static readonly string[] AgentKeys = ["id", "count", "skills", "shifts", "cost_per_hour", "chat_concurrency"];
    private static readonly string[] ShiftKeys = ["days", "start", "end", "breaks"];
    private static readonly string[] BreakKeys = ["start", "minutes"];
    private static readonly string[] SkillKeys = ["skill", "queue", "proficiency"];

    private readonly Dictionary<string, Shift> _namedShifts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);

    public Roster Read(string text)
    {
        var stream = YamlText.Load(text, (line, column, message) => new RosterFileException(source, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new RosterFileException(source, 1, 1, "", "the file is empty; expected 'shrinkage:' and 'agents:'");
        var root = new YamlMap(source, stream.Documents[0].RootNode, "");
        root.RejectUnknown(TopKeys);
        var shrinkage = root.Double("shrinkage", 0, 0.95) ?? 0;
        var defaults = (Cost: root.Double("cost_per_hour", 0, 10_000), Concurrency: root.Int("chat_concurrency", 1, 50) ?? 2);
        if (root.Find("shifts") is { } shifts)
        {
            var named = new YamlMap(source, shifts, "shifts");
            foreach (var (name, node) in named.Entries()) _namedShifts[name] = ReadShift(named, node, named.PathOf(name));
        }
        var agentNodes = root.List("agents");
        if (agentNodes.Count == 0) throw root.Error(root.Find("agents") ?? stream.Documents[0].RootNode, "agents", "no agents; list them under 'agents:'");
        var agents = new List<Agent>();
        for (var i = 0; i < agentNodes.Count; i++) agents.AddRange(ReadAgents(agentNodes[i], $"agents[{i}]", defaults));
        return new Roster(agents, shrinkage);
    }

    private IEnumerable<Agent> ReadAgents(YamlNode node, string path, (double? Cost, int Concurrency) defaults)
    {
        var map = new YamlMap(source, node, path);
        map.RejectUnknown(AgentKeys);
        var idNode = map.Require("id", "the agent's id as the interaction log names it, or a name for a group with 'count'");
        var id = map.Scalar(idNode, map.PathOf("id"));
        var count = map.Int("count", 1, 100_000) ?? 1;
        var skills = ReadSkills(map);
        var shifts = map.List("shifts").Select((s, k) => ReadShiftOrName(map, s, $"{map.PathOf("shifts")}[{k}]")).ToArray();
        var cost = map.Double("cost_per_hour", 0, 10_000) ?? defaults.Cost
            ?? throw map.Error(node, map.PathOf("cost_per_hour"), "is missing (give it here or once at the top of the file)");
        var concurrency = map.Int("chat_concurrency", 1, 50) ?? defaults.Concurrency;
        var width = Math.Max(2, count.ToString(CultureInfo.InvariantCulture).Length);
        for (var k = 1; k <= count; k++)
        {
            // A group of identical agents is numbered: billing-01, billing-02, …
            var agentId = count == 1 ? id : $"{id}-{k.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
            if (_ids.TryGetValue(agentId, out var line))
                throw map.Error(idNode, map.PathOf("id"), $"agent id '{agentId}' is used twice (also on line {line})");
            _ids[agentId] = idNode.Start.Line;
            yield return new Agent(agentId, skills, shifts, cost, concurrency);
        }
    }

    private AgentSkill[] ReadSkills(YamlMap agent)
    {
        var path = agent.PathOf("skills");
        var node = agent.Require("skills", "the queues the agent serves, e.g. [billing, tech]");
        var skills = new List<AgentSkill>();
        void Add(YamlNode at, string name, double proficiency)
        {
            if (skills.Any(s => s.Queue == name)) throw agent.Error(at, path, $"skill '{name}' is listed twice");
            skills.Add(new AgentSkill(name, proficiency));
        }
        if (node is YamlMappingNode mapping)
        {
            var m = new YamlMap(source, mapping, path);
            foreach (var (name, value) in m.Entries()) Add(value, name, m.ToDouble(value, m.PathOf(name), 0.05, 5));
        }
        else
        {
            var items = agent.List("skills");
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (items[i] is YamlScalarNode) Add(items[i], agent.Scalar(items[i], itemPath), 1);
                else if (items[i] is YamlMappingNode { Children.Count: 1 } pair && !SkillKeys.Contains(((YamlScalarNode)pair.Children.Keys.First()).Value))
                {
                    var (key, value) = pair.Children.First();
                    Add(value, ((YamlScalarNode)key).Value ?? "", agent.ToDouble(value, itemPath, 0.05, 5));
                }
                else
                {
                    var m = new YamlMap(source, items[i], itemPath);
                    m.RejectUnknown(SkillKeys);
                    var name = m.String("skill") ?? m.String("queue") ?? throw m.Error(items[i], m.PathOf("skill"), "is missing");
                    Add(items[i], name, m.Double("proficiency", 0.05, 5) ?? 1);
                }
            }
        }
        if (skills.Count == 0) throw agent.Error(node, path, "lists no skills");
        return [.. skills];
    }

    private Shift ReadShiftOrName(YamlMap agent, YamlNode node, string path)
    {
        if (node is not YamlScalarNode) return ReadShift(agent, node, path);
        var name = agent.Scalar(node, path);
        return _namedShifts.TryGetValue(name, out var shift)
            ? shift
            : throw agent.Error(node, path, $"no shift is named '{name}'{Suggestion.Hint(name, _namedShifts.Keys)}" +
                                         (_namedShifts.Count == 0 ? " (name shifts under a top-level 'shifts:')" : $"; named shifts: {string.Join(", ", _namedShifts.Keys)}"));
    }

    private Shift ReadShift(YamlMap parent, YamlNode node, string path)
    {
        var map = new YamlMap(source, node, path);
        map.RejectUnknown(ShiftKeys);
        var days = new HashSet<DayOfWeek>();
        var dayNodes = map.List("days");
        if (dayNodes.Count == 0) throw map.Error(node, map.PathOf("days"), $"is missing ({RosterDays.Accepted})");
        foreach (var d in dayNodes)
            if (!RosterDays.TryAdd(map.Scalar(d, map.PathOf("days")), days))
                throw map.Error(d, map.PathOf("days"), $"'{map.Scalar(d, map.PathOf("days"))}' is not a day; use {RosterDays.Accepted}");
        var startNode = map.Require("start", "time of day, e.g. \"08:00\"");
        var endNode = map.Require("end", "time of day, e.g. \"16:30\"");
        var start = Clock(map, startNode, map.PathOf("start"));
        var end = Clock(map, endNode, map.PathOf("end"));
        if (end <= start)
            throw map.Error(endNode, map.PathOf("end"), $"{end:HH\\:mm} is not after start {start:HH\\:mm} (split a shift that crosses midnight in two)");
        var breaks = new List<Break>();
        var breakNodes = map.List("breaks");
        for (var i = 0; i < breakNodes.Count; i++)
        {
            var b = new YamlMap(source, breakNodes[i], $"{map.PathOf("breaks")}[{i}]");
            b.RejectUnknown(BreakKeys);
            var at = Clock(b, b.Require("start", "time of day"), b.PathOf("start"));
            var minutes = b.Int("minutes", 1, 600) ?? throw b.Error(breakNodes[i], b.PathOf("minutes"), "is missing");
            var endsAt = at.ToTimeSpan() + TimeSpan.FromMinutes(minutes);
            if (at < start || endsAt > end.ToTimeSpan())
                throw b.Error(breakNodes[i], b.Path, $"the break {at:HH\\:mm} for {minutes} min is not within the shift {start:HH\\:mm}–{end:HH\\:mm}");
            if (breaks.Count > 0 && at.ToTimeSpan() < breaks[^1].Start.ToTimeSpan() + TimeSpan.FromMinutes(breaks[^1].Minutes))
                throw b.Error(breakNodes[i], b.Path, "overlaps the break before it (list breaks in time order)");
            breaks.Add(new Break(at, minutes));
        }
        return new Shift(RosterDays.Ordered(days), start, end, breaks);
    }

    /// <summary>H:mm or HH:mm(:ss); "24:00" is the end of the day.</summary>
    private static TimeOnly Clock(YamlMap map, YamlNode node, string path)
    {
        var text = map.Scalar(node, path);
        if (text is "24:00" or "24:00:00") return TimeOnly.MaxValue;
        string[] formats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"];
        return TimeOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw map.Error(node, path, $"'{text}' is not a time of day (HH:mm, e.g. \"08:30\")");
    }
}
