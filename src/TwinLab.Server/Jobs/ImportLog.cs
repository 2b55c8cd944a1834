using System.Text;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Jobs;

/// <summary>
/// An import job's output log: NDJSON lines as ADT writes them,
/// <c>{"timestamp", "jobId", "jobType": "Import", "logType": "Info"|"Error", "details": {…}}</c>.
/// </summary>
internal sealed class ImportLog : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly string _jobId;
    private readonly TimeProvider _time;

    public ImportLog(string path, string jobId, bool append, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        _jobId = jobId;
        _time = time;
    }

    /// <summary>Lines written with <c>logType</c> Error.</summary>
    public int Errors { get; private set; }

    public Task InfoAsync(JsonObject details) => WriteAsync("Info", details);

    public Task ErrorAsync(JsonObject details)
    {
        Errors++;
        return WriteAsync("Error", details);
    }

    /// <summary>A line of the input that could not be imported; the job goes on.</summary>
    public Task LineErrorAsync(string section, long line, string code, string message) =>
        ErrorAsync(new JsonObject { ["section"] = section, ["line"] = line, ["code"] = code, ["message"] = message });

    public Task FlushAsync() => _writer.FlushAsync();

    private Task WriteAsync(string type, JsonObject details)
    {
        var line = new JsonObject
        {
            ["timestamp"] = TwinJson.Format(_time.GetUtcNow()),
            ["jobId"] = _jobId,
            ["jobType"] = "Import",
            ["logType"] = type,
            ["details"] = details,
        };
        return _writer.WriteLineAsync(line.ToJsonString());
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
