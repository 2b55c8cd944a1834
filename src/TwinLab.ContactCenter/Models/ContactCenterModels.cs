using System.Reflection;
using TwinLab.Core.Models;

namespace TwinLab.ContactCenter.Models;

/// <summary>
/// The DTDL v3 interfaces of a contact-centre twin (embedded in this assembly), and the names of their
/// relationships: ContactCenter → Queue, Agent, Skill, Channel; Queue → Skill, Channel; Agent → Skill, Shift.
/// </summary>
public static class ContactCenterModels
{
    /// <summary>The centre as a whole.</summary>
    public const string ContactCenter = "dtmi:twinlab:contactcenter:ContactCenter;1";
    /// <summary>One skill on one channel.</summary>
    public const string Queue = "dtmi:twinlab:contactcenter:Queue;1";
    /// <summary>A skill, queue or topic.</summary>
    public const string Skill = "dtmi:twinlab:contactcenter:Skill;1";
    /// <summary>An agent.</summary>
    public const string Agent = "dtmi:twinlab:contactcenter:Agent;1";
    /// <summary>A recurring shift with breaks.</summary>
    public const string Shift = "dtmi:twinlab:contactcenter:Shift;1";
    /// <summary>Phone, chat or email.</summary>
    public const string Channel = "dtmi:twinlab:contactcenter:Channel;1";

    /// <summary>ContactCenter → Queue.</summary>
    public const string HasQueue = "hasQueue";
    /// <summary>ContactCenter → Agent.</summary>
    public const string HasAgent = "hasAgent";
    /// <summary>ContactCenter → Skill, and Agent → Skill (with proficiency and preference).</summary>
    public const string HasSkill = "hasSkill";
    /// <summary>ContactCenter → Channel.</summary>
    public const string HasChannel = "hasChannel";
    /// <summary>Queue → the Skill it needs.</summary>
    public const string NeedsSkill = "needsSkill";
    /// <summary>Queue → its Channel.</summary>
    public const string OnChannel = "onChannel";
    /// <summary>Agent → Shift.</summary>
    public const string WorksShift = "worksShift";

    private const string ResourcePrefix = "TwinLab.ContactCenter.Models.";

    private static readonly Lazy<IReadOnlyList<DtdlSource>> Loaded = new(Load);

    /// <summary>The model documents, one per interface, named <c>Models/&lt;Interface&gt;.json</c>; ready for
    /// <see cref="DtdlParser.Parse"/> or a twin graph's model import.</summary>
    public static IReadOnlyList<DtdlSource> Sources => Loaded.Value;

    private static IReadOnlyList<DtdlSource> Load()
    {
        var assembly = typeof(ContactCenterModels).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => new DtdlSource(ReadResource(assembly, n), "Models/" + n[ResourcePrefix.Length..])),
        ];
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
