using System.CommandLine;
using TwinLab.ContactCenter.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab contact import|calibrate|erlang|simulate|staff|recommend</c>: the contact-centre twin. The imported log, the roster and
/// the calibrated centre are documents in the database (one centre per database); the centre's twins live on
/// <c>--branch</c> (main by default); what-ifs run on fresh branches.
/// </summary>
internal static class ContactCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("contact", "The contact-centre twin: import an interaction log and roster, calibrate, Erlang C/A, simulate what-ifs, staff and schedule, recommend changes");
        cmd.Subcommands.Add(ContactImport.Create(g));
        cmd.Subcommands.Add(ContactCalibrate.Create(g));
        cmd.Subcommands.Add(ContactErlang.Create(g));
        cmd.Subcommands.Add(ContactSimulate.Create(g));
        cmd.Subcommands.Add(ContactStaff.Create(g));
        cmd.Subcommands.Add(ContactRecommend.Create(g));
        return cmd;
    }

    /// <summary>The store helper over the verb's database.</summary>
    public static ContactCenterTwin Twin(CliContext ctx) => new(ctx.Service);

    /// <summary>The stored log, or a user error saying how to import one.</summary>
    public static StoredLog RequireLog(CliContext ctx, ContactCenterTwin twin) =>
        twin.LoadLog() ?? throw new CliUsageException(
            $"No interaction log stored in {ctx.DbPath}: run 'twinlab contact import LOG.csv --roster FILE' first.");

    /// <summary>The stored calibrated centre, or a user error saying which step is missing.</summary>
    public static StoredModel RequireModel(CliContext ctx, ContactCenterTwin twin)
    {
        if (twin.LoadModel() is { } model) return model;
        RequireLog(ctx, twin);
        throw new CliUsageException($"No calibrated contact centre stored in {ctx.DbPath}: run 'twinlab contact calibrate' first.");
    }
}
