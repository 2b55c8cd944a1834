namespace TwinLab.ContactCenter.Tests.Ingest;

/// <summary>A folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "twinlab-cc-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> (as is: '\n' line ends unless the text has others) and returns the file's path.</summary>
    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
