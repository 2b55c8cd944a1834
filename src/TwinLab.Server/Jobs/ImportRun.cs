using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Jobs;

/// <summary>A fatal import error: the job stops and fails with this code and message.</summary>
internal sealed class ImportFailedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Runs one import job over its NDJSON input: the <c>Header</c> section, then the optional <c>Models</c>, <c>Twins</c> and
/// <c>Relationships</c> sections, in that order.
/// </summary>
/// <remarks>
/// <para>Models are imported all or nothing, in one write, before any twin (models that already exist are kept and
/// skipped); a model error fails the job. Twins and relationships are written in batches, each batch one transaction
/// through <see cref="TwinService"/> with actor <c>&lt;submitter&gt; (import:&lt;jobId&gt;)</c> (the creating request's actor) and an idempotency key
/// <c>&lt;runKey&gt;:&lt;section&gt;:&lt;batch&gt;</c>, so a job resumed after a restart skips the batches already
/// committed. A line that cannot be imported (bad JSON, unknown model, missing target, invalid property) is logged with
/// its line number and skipped; the rest of its batch still lands.</para>
/// <para>Lines are read with a bound: a line over <see cref="MaxLineChars"/> fails the job in the header or models, and is
/// skipped with a line error among twins and relationships, where a line over ADT's 32 KB payload, a property name over
/// 1 KB or a string value over 4 KB is skipped too (<see cref="RequestLimits"/>, as for the API).</para>
/// <para>Cancellation takes effect between batches.</para>
/// </remarks>
internal sealed class ImportRun(
    TwinService service,
    string jobId,
    string runKey,
    string inputPath,
    ImportLog log,
    int batchSize,
    Func<int, CancellationToken, Task>? afterBatch,
    Action? progress,
    string? submitter = null)
{
    private enum Section { None, Header, Models, Twins, Relationships }

    /// <summary>The longest line read (a model's DTDL may be long); longer ones are not held in memory.</summary>
    internal const int MaxLineChars = 1024 * 1024;

    private sealed record Item(long Line, string Id, JsonElement Body, string? RelationshipId = null);

    private readonly WriteContext _actor = new(submitter is null ? $"import:{jobId}" : $"{submitter} (import:{jobId})");
    private readonly List<(long Line, string Text)> _models = [];
    private readonly List<Item> _batch = [];
    private Section _section;
    private bool _headerSeen;
    private int _batchNumber;
    private int _totalBatches;
    private long _line;
    private long _modelsImported, _modelsSkipped, _twins, _relationships, _lineErrors;

    public async Task RunAsync(CancellationToken cancel)
    {
        if (!File.Exists(inputPath))
            throw new ImportFailedException(ImportFolder.BlobNotFound, $"The input blob was not found in the import folder ({Path.GetFileName(inputPath)}).");
        await log.InfoAsync(new JsonObject { ["status"] = "Started" });
        using (var reader = new BoundedLineReader(new StreamReader(new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)), MaxLineChars))
        {
            while (await reader.ReadLineAsync(cancel) is { } read)
            {
                _line++;
                if (_line % 1000 == 0) cancel.ThrowIfCancellationRequested();
                if (read.TooLong)
                {
                    var problem = $"Line {_line} is longer than {MaxLineChars:N0} characters";
                    if (_section is Section.Twins or Section.Relationships) await LineErrorAsync(RequestLimits.LimitExceeded, problem + "; it was skipped.");
                    else throw new ImportFailedException(RequestLimits.LimitExceeded, problem + ".");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(read.Text)) continue;
                await LineAsync(read.Text, cancel);
            }
        }
        if (_section == Section.None)
            throw new ImportFailedException(ErrorCodes.InvalidArgument, "The input is empty; it must start with {\"Section\": \"Header\"}.");
        await EndSectionAsync(cancel);
        await log.InfoAsync(new JsonObject
        {
            ["status"] = "Succeeded",
            ["models"] = _modelsImported,
            ["modelsSkipped"] = _modelsSkipped,
            ["twins"] = _twins,
            ["relationships"] = _relationships,
            ["errors"] = _lineErrors,
        });
    }

    private async Task LineAsync(string text, CancellationToken cancel)
    {
        JsonElement element;
        try
        {
            // A "\ud800" string is valid JSON but not text; reading it later would throw InvalidOperationException.
            if (JsonSurrogates.FindLone(text) is var lone and >= 0) throw new JsonException(JsonSurrogates.Describe(lone));
            using var doc = JsonDocument.Parse(text);
            element = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            if (_section is Section.Twins or Section.Relationships)
            {
                await LineErrorAsync(ErrorCodes.InvalidArgument, $"Not valid JSON: {e.Message}");
                return;
            }
            throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: not valid JSON ({e.Message}).");
        }

        if (SectionMarker(element) is { } marker)
        {
            await BeginSectionAsync(marker, cancel);
            return;
        }
        switch (_section)
        {
            case Section.None:
                throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: the input must start with {{\"Section\": \"Header\"}}.");
            case Section.Header:
                Header(element);
                break;
            case Section.Models:
                _models.Add((_line, text));
                break;
            case Section.Twins:
                if (element.ValueKind != JsonValueKind.Object || !TryString(element, "$dtId", out var twinId))
                {
                    await LineErrorAsync(ErrorCodes.InvalidArgument, "A twin must be a JSON object with a string $dtId.");
                    return;
                }
                if (!await WithinLimitsAsync(text, element)) return;
                await AddAsync(new Item(_line, twinId, element), cancel);
                break;
            case Section.Relationships:
                if (element.ValueKind != JsonValueKind.Object || !TryString(element, "$dtId", out var sourceId)
                    || !TryString(element, "$relationshipId", out var relId))
                {
                    await LineErrorAsync(ErrorCodes.InvalidArgument, "A relationship must be a JSON object with string $dtId (the source twin) and $relationshipId.");
                    return;
                }
                if (!await WithinLimitsAsync(text, element)) return;
                await AddAsync(new Item(_line, sourceId, element, relId), cancel);
                break;
        }
    }

    /// <summary>The section a <c>{"Section": "…"}</c> line opens, or <c>null</c> for any other line.</summary>
    private Section? SectionMarker(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        JsonElement name = default;
        var count = 0;
        foreach (var p in e.EnumerateObject())
        {
            count++;
            if (p.NameEquals("Section") || string.Equals(p.Name, "section", StringComparison.OrdinalIgnoreCase)) name = p.Value;
        }
        if (count != 1 || name.ValueKind == JsonValueKind.Undefined) return null;
        if (name.ValueKind == JsonValueKind.String && Enum.TryParse<Section>(name.GetString(), ignoreCase: true, out var s) && s != Section.None) return s;
        throw new ImportFailedException(ErrorCodes.InvalidArgument,
            $"Line {_line}: unknown section {name.GetRawText()} (expected Header, Models, Twins or Relationships).");
    }

    private async Task BeginSectionAsync(Section next, CancellationToken cancel)
    {
        if (_section == Section.None && next != Section.Header)
            throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: the input must start with {{\"Section\": \"Header\"}}, not {next}.");
        if (next <= _section)
            throw new ImportFailedException(ErrorCodes.InvalidArgument,
                $"Line {_line}: section {next} {(next == _section ? "appears twice" : $"comes after {_section}")}; sections go Header, Models, Twins, Relationships.");
        await EndSectionAsync(cancel);
        _section = next;
        _batchNumber = 0;
        if (next != Section.Header) await log.InfoAsync(new JsonObject { ["section"] = next.ToString(), ["status"] = "Started" });
    }

    private void Header(JsonElement e)
    {
        if (_headerSeen)
            throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: the Header section holds one object; open the next section with {{\"Section\": \"Models\"}}.");
        if (e.ValueKind != JsonValueKind.Object || !TryString(e, "fileVersion", out var version))
            throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: the header must be an object with a string fileVersion (\"1.0.0\").");
        if (!version.StartsWith("1.", StringComparison.Ordinal))
            throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: fileVersion '{version}' is not supported (expected 1.0.0).");
        _headerSeen = true;
    }

    private async Task EndSectionAsync(CancellationToken cancel)
    {
        switch (_section)
        {
            case Section.Header when !_headerSeen:
                throw new ImportFailedException(ErrorCodes.InvalidArgument, $"Line {_line}: the Header section needs the header object {{\"fileVersion\": \"1.0.0\", …}}.");
            case Section.Models:
                ImportModels();
                await log.InfoAsync(new JsonObject { ["section"] = "Models", ["status"] = "Succeeded", ["imported"] = _modelsImported, ["skipped"] = _modelsSkipped });
                break;
            case Section.Twins:
            case Section.Relationships:
                await FlushAsync(cancel);
                await log.InfoAsync(new JsonObject
                {
                    ["section"] = _section.ToString(),
                    ["status"] = "Succeeded",
                    ["count"] = _section == Section.Twins ? _twins : _relationships,
                });
                break;
        }
    }

    private void ImportModels()
    {
        if (_models.Count == 0) return;
        var existing = service.SnapshotOf(BranchInfo.Main).Models;
        var fresh = new List<DtdlSource>();
        foreach (var (line, text) in _models)
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("@id", out var id)
                && id.ValueKind == JsonValueKind.String && existing.Contains(id.GetString()!))
            {
                // ADT refuses a model id twice; a re-run import (or a file that repeats the instance's models) keeps the
                // existing model rather than failing the whole job.
                _modelsSkipped++;
                continue;
            }
            fresh.Add(new DtdlSource(text, $"line {line}"));
        }
        if (fresh.Count == 0) return;
        try
        {
            var outcome = service.Write(BranchInfo.Main, _actor with { IdempotencyKey = $"{runKey}:models" }, g => g.ImportModels(fresh).Count);
            _modelsImported += outcome.Duplicate ? fresh.Count : outcome.Value;
        }
        catch (TwinLabException e)
        {
            throw new ImportFailedException(e.Code, $"Models (lines {_models[0].Line}–{_models[^1].Line}) were not imported: {e.Message}");
        }
    }

    private async Task AddAsync(Item item, CancellationToken cancel)
    {
        _batch.Add(item);
        if (_batch.Count >= batchSize) await FlushAsync(cancel);
    }

    private async Task FlushAsync(CancellationToken cancel)
    {
        if (_batch.Count == 0) return;
        cancel.ThrowIfCancellationRequested();
        _batchNumber++;
        _totalBatches++;
        var section = _section;
        var key = $"{runKey}:{section}:{_batchNumber}";
        var items = _batch.ToArray();
        _batch.Clear();
        var outcome = service.Write(BranchInfo.Main, _actor with { IdempotencyKey = key }, g =>
        {
            var failures = new List<(long Line, string Code, string Message)>();
            foreach (var item in items)
            {
                try
                {
                    if (section == Section.Twins) g.CreateOrReplaceTwin(item.Id, item.Body);
                    else g.CreateOrReplaceRelationship(item.Id, item.RelationshipId!, item.Body);
                }
                catch (TwinLabException e)
                {
                    // The graph checks before it changes anything, so a refused item leaves the batch's others intact.
                    failures.Add((item.Line, e.Code, e.Message));
                }
            }
            return failures;
        });
        if (outcome.Duplicate)
        {
            await log.InfoAsync(new JsonObject { ["section"] = section.ToString(), ["batch"] = _batchNumber, ["status"] = "AlreadyImported" });
        }
        else
        {
            foreach (var (line, code, message) in outcome.Value)
            {
                _lineErrors++;
                await log.LineErrorAsync(section.ToString(), line, code, message);
            }
        }
        var written = items.Length - (outcome.Duplicate ? 0 : outcome.Value.Count);
        if (section == Section.Twins) _twins += written;
        else _relationships += written;
        await log.FlushAsync();
        progress?.Invoke();
        if (afterBatch is not null) await afterBatch(_totalBatches, cancel);
    }

    /// <summary>The API's limits on a twin or relationship body (32 KB, 1 KB names, 4 KB strings); a line over them is
    /// logged and skipped.</summary>
    private async Task<bool> WithinLimitsAsync(string text, JsonElement element)
    {
        if (text.Length > RequestLimits.PayloadBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(text) is var bytes && bytes > RequestLimits.PayloadBytes)
        {
            await LineErrorAsync(RequestLimits.LimitExceeded,
                $"The {(_section == Section.Twins ? "twin" : "relationship")} is {bytes:N0} bytes; at most {RequestLimits.PayloadBytes:N0} are allowed (ADT's payload limit).");
            return false;
        }
        try
        {
            RequestLimits.CheckContent(element);
            return true;
        }
        catch (TwinLabException e)
        {
            await LineErrorAsync(e.Code, e.Message);
            return false;
        }
    }

    private async Task LineErrorAsync(string code, string message)
    {
        _lineErrors++;
        await log.LineErrorAsync(_section.ToString(), _line, code, message);
    }

    private static bool TryString(JsonElement e, string name, out string value)
    {
        if (e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s)
        {
            value = s;
            return true;
        }
        value = "";
        return false;
    }
}

/// <summary>Reads lines of at most a given length: a longer line is consumed to its end but not kept, and comes back as
/// <see cref="ReadLine.TooLong"/>, so one huge line cannot take memory proportional to it.</summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars) : IDisposable
{
    private readonly char[] _buffer = new char[1 << 14];
    private readonly System.Text.StringBuilder _line = new();
    private int _position, _length;

    /// <summary>One line: its text (without the line break), or <see cref="TooLong"/> with no text.</summary>
    internal readonly record struct ReadLine(string Text, bool TooLong);

    /// <summary>The next line, or <c>null</c> at the end of the input.</summary>
    public async Task<ReadLine?> ReadLineAsync(CancellationToken cancel)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancel);
                _position = 0;
                if (_length == 0) return any ? Finish(tooLong) : null;
            }
            any = true;
            var end = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            var stop = end < 0 ? _length : end;
            if (!tooLong)
            {
                if (_line.Length + (stop - _position) > maxChars + 1) tooLong = true; // + 1: a '\r' before the '\n'
                else _line.Append(_buffer, _position, stop - _position);
            }
            if (end >= 0)
            {
                _position = end + 1;
                return Finish(tooLong);
            }
            _position = _length;
        }
    }

    private ReadLine Finish(bool tooLong)
    {
        if (tooLong) return new ReadLine("", true);
        if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
        return _line.Length > maxChars ? new ReadLine("", true) : new ReadLine(_line.ToString(), false);
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();
}
