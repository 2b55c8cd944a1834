using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>The words logs use for channels, outcomes, yes/no and "no value". Compared after <see cref="LogFields.Normalize"/>.</summary>
internal static class Vocabulary
{
    private static readonly Dictionary<string, Channel> Channels = new(StringComparer.Ordinal)
    {
        ["phone"] = Channel.Phone, ["call"] = Channel.Phone, ["voice"] = Channel.Phone, ["telephone"] = Channel.Phone, ["tel"] = Channel.Phone,
        ["chat"] = Channel.Chat, ["webchat"] = Channel.Chat, ["livechat"] = Channel.Chat, ["messaging"] = Channel.Chat,
        ["email"] = Channel.Email, ["mail"] = Channel.Email,
    };

    private static readonly Dictionary<string, Outcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["answered"] = Outcome.Answered, ["answer"] = Outcome.Answered, ["handled"] = Outcome.Answered, ["served"] = Outcome.Answered,
        ["agent"] = Outcome.Answered, ["completed"] = Outcome.Answered, ["connected"] = Outcome.Answered,
        ["abandoned"] = Outcome.Abandoned, ["abandon"] = Outcome.Abandoned, ["hang"] = Outcome.Abandoned, ["hangup"] = Outcome.Abandoned,
        ["hungup"] = Outcome.Abandoned, ["lost"] = Outcome.Abandoned, ["dropped"] = Outcome.Abandoned,
        ["callback"] = Outcome.Callback, ["cb"] = Outcome.Callback,
    };

    private static readonly HashSet<string> Yes = new(StringComparer.Ordinal) { "y", "yes", "true", "t", "1" };

    private static readonly HashSet<string> No = new(StringComparer.Ordinal) { "n", "no", "false", "f", "0" };

    // Exact (trimmed, case-insensitive) texts meaning "nothing recorded"; NO_SERVER is the Anonymous Bank data's.
    private static readonly HashSet<string> Missing = new(StringComparer.OrdinalIgnoreCase) { "", "na", "n/a", "null", "none", "-", "nan", "no_server" };

    public static string ChannelWords => "phone, chat, email (or call, voice, webchat, e-mail)";

    public static string OutcomeWords => "answered, abandoned, callback (or handled, AGENT, HANG, hang-up, lost)";

    public static bool IsMissing(string text) => Missing.Contains(text);

    public static bool TryChannel(string text, out Channel channel) => Channels.TryGetValue(LogFields.Normalize(text), out channel);

    /// <summary>The outcome, or a reason to exclude the row whatever else it says (PHANTOM calls are not customers).</summary>
    public static bool TryOutcome(string text, out Outcome outcome, out string? exclusion)
    {
        var key = LogFields.Normalize(text);
        exclusion = key == "phantom" ? "a PHANTOM call (not a real customer contact)" : null;
        return Outcomes.TryGetValue(key, out outcome);
    }

    public static bool TryFlag(string text, out bool value)
    {
        var key = LogFields.Normalize(text);
        value = Yes.Contains(key);
        return value || No.Contains(key);
    }
}
