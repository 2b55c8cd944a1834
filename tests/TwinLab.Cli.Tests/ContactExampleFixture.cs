namespace TwinLab.Cli.Tests;

/// <summary>A database holding the shipped example log and roster, imported and calibrated once for a test class.</summary>
public sealed class ContactExampleFixture : IDisposable
{
    public ContactExampleFixture()
    {
        var (importExit, _, importErr) = Cli.Run("contact", "import", Example("interactions.csv"), "--roster", Example("roster.yaml"));
        Assert.True(importExit == 0, importErr);
        var (calibrateExit, _, calibrateErr) = Cli.Run("contact", "calibrate");
        Assert.True(calibrateExit == 0, calibrateErr);
    }

    public CliHarness Cli { get; } = new();

    public string Example(string name) => Path.Combine(Cli.Examples, "contact-center", name);

    /// <summary>A path beside the database.</summary>
    public string Out(string name) => Path.Combine(Path.GetDirectoryName(Cli.Db)!, name);

    public void Dispose() => Cli.Dispose();
}
