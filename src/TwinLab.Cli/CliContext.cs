using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cli.Commands;
using TwinLab.Cli.DataPlane;
using TwinLab.Cli.Remote;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli;

/// <summary>What a verb needs: the parsed options, the output writers, and the service on the database.</summary>
internal sealed class CliContext(ParseResult parse, GlobalOptions globals) : IDisposable
{
    private TwinService? _service;
    private IDataPlane? _data;
    private ServerTarget? _server;
    private long? _asOf;
    private bool _asOfResolved;

    public ParseResult Parse { get; } = parse;
    public TextWriter Out { get; } = parse.InvocationConfiguration.Output;
    public TextWriter Err { get; } = parse.InvocationConfiguration.Error;
    public bool Json { get; } = parse.GetValue(globals.Json);

    /// <summary>The database file (<c>--db</c>); refused with <c>--server</c>, for the verbs that work on the file only.</summary>
    public string DbPath => _server is null ? Parse.GetValue(globals.Db)! : throw LocalOnly();

    /// <summary>The server <c>--server</c> (or <c>TWINLAB_SERVER</c>) names, or <c>null</c> on a database file.</summary>
    public ServerTarget? Server => _server;

    /// <summary>Where the data lives: the database file, or the server.</summary>
    public IDataPlane Data => _data ??= _server is { } target
        ? new RemoteDataPlane(new ServerClient(target), Branch, AsOfText, IdempotencyKey)
        : new LocalDataPlane(this);

    /// <summary>The branch verbs read and write (<c>--branch</c>, default <c>main</c>).</summary>
    public string Branch { get; } = parse.GetValue(globals.Branch)!;

    /// <summary>" on branch 'NAME'" for messages, or nothing on main.</summary>
    public string OnBranch => Branch == BranchInfo.Main ? "" : $" on branch '{Branch}'";

    /// <summary>Whether <c>--branch</c> was given on the command line (rather than defaulted).</summary>
    public bool BranchGiven => Parse.GetResult(globals.Branch) is { Implicit: false };

    /// <summary>Who writes (<c>--actor</c>, default <c>cli</c>).</summary>
    public string Actor { get; } = parse.GetValue(globals.Actor)!;

    /// <summary>Whether <c>--actor</c> was given on the command line (rather than defaulted).</summary>
    public bool ActorGiven => Parse.GetResult(globals.Actor) is { Implicit: false };

    /// <summary>The write's idempotency key (<c>--idempotency-key</c>), if any.</summary>
    public string? IdempotencyKey { get; } = parse.GetValue(globals.IdempotencyKey);

    /// <summary>The <c>--as-of</c> text as given, or <c>null</c>.</summary>
    public string? AsOfText { get; } = parse.GetValue(globals.AsOf);

    /// <summary>Actor and idempotency key of a write.</summary>
    public WriteContext WriteContext => new(Actor, IdempotencyKey);

    /// <summary>The <c>--key-file</c> path, or <c>null</c> (then <c>TWINLAB_MASTER_KEY</c>, if set).</summary>
    public string? KeyFile { get; } = parse.GetValue(globals.KeyFile);

    /// <summary>Opens the store of <c>--db</c>, with the master key of <c>--key-file</c> or the environment when it is encrypted.</summary>
    public SqliteTwinStore OpenStore() => SqliteTwinStore.Open(DbPath, Storage.Encryption.MasterKey.Resolve(KeyFile));

    /// <summary>The service over the database, opened on first use.</summary>
    public TwinService Service => _service ??= new TwinService(OpenStore());

    /// <summary>The server's client, for verbs with endpoints beyond the data plane (experiments, connections); <c>--server</c> only.</summary>
    public ServerClient Client => (Data as RemoteDataPlane)?.Client ?? throw new InvalidOperationException("Client is only there with --server.");

    /// <summary>Fails with <see cref="LocalOnly"/> under <c>--server</c>: for verbs that make their own database files.</summary>
    public void RequireLocal()
    {
        if (_server is not null) throw LocalOnly();
    }

    /// <summary>"VERB works on a local database only": what a verb that needs the file says with <c>--server</c>.</summary>
    public CliUsageException LocalOnly() =>
        new($"'{CommandPath}' works on a local database only (--db FILE); it cannot be used with --server ({_server?.Display}).");

    /// <summary>Resolves <c>--server</c>, <c>--token</c> and <c>--cacert</c> (and their variables), and refuses what a server
    /// cannot take: <c>--actor</c>, since the server records writes under the token's identity.</summary>
    private void ResolveServer()
    {
        _server = ServerTarget.Resolve(Parse.GetValue(globals.Server), Parse.GetResult(globals.Db) is { Implicit: false },
            Parse.GetValue(globals.Token), Parse.GetValue(globals.CaCert));
        if (_server is not null && ActorGiven)
            throw new CliUsageException("--actor cannot be used with --server: the server records each write under the token's identity (api:key:NAME or api:SUBJECT).");
    }

    /// <summary>
    /// Runs a write through <see cref="Data"/> on <c>--branch</c>. A write whose idempotency key was already applied is
    /// reported as a duplicate (exit 0, <paramref name="report"/> not called); otherwise <paramref name="report"/> prints the result.
    /// </summary>
    public int Commit<T>(Func<IDataPlane, WriteOutcome<T>> operation, Action<WriteOutcome<T>> report)
    {
        RejectAsOf();
        var outcome = operation(Data);
        if (outcome.Duplicate)
        {
            WriteDuplicate(outcome.FirstSequence, outcome.LastSequence);
            return 0;
        }
        report(outcome);
        return 0;
    }

    /// <summary>The sequence number <c>--as-of</c> names, or <c>null</c> for the current state.</summary>
    public long? AsOf
    {
        get
        {
            if (!_asOfResolved)
            {
                _asOf = AsOfText is { } text ? PointInHistory(text, "--as-of") : null;
                _asOfResolved = true;
            }
            return _asOf;
        }
    }

    /// <summary>The state reads see: <c>--branch</c>, as of <c>--as-of</c>.</summary>
    public GraphSnapshot Read() => Service.SnapshotOf(Branch, AsOf);

    /// <summary>
    /// Runs a write on <c>--branch</c> with <c>--actor</c> and <c>--idempotency-key</c>. A write whose key was already applied
    /// is reported as a duplicate (exit 0, <paramref name="report"/> not called); otherwise <paramref name="report"/> prints the result.
    /// </summary>
    public int Write<T>(Func<TwinGraph, T> operation, Action<WriteOutcome<T>> report)
    {
        RejectAsOf();
        var outcome = Service.Write(Branch, WriteContext, operation);
        if (outcome.Duplicate)
        {
            WriteDuplicate(outcome.FirstSequence, outcome.LastSequence);
            return 0;
        }
        report(outcome);
        return 0;
    }

    /// <inheritdoc cref="Write{T}(Func{TwinGraph, T}, Action{WriteOutcome{T}})"/>
    public int Write(Action<TwinGraph> operation, Action<WriteOutcome<bool>> report) => Write(graph =>
    {
        operation(graph);
        return true;
    }, report);

    /// <summary>Prints that a write with this idempotency key was already applied.</summary>
    public void WriteDuplicate(long first, long last)
    {
        // A server acknowledges a repeated telemetry key without naming the earlier write: then the numbers are unknown.
        var known = last >= first;
        if (Json)
            WriteJson(new JsonObject { ["duplicate"] = true, ["firstSequence"] = known ? first : null, ["lastSequence"] = known ? last : null });
        else
            Out.WriteLine($"Already applied: idempotency key '{IdempotencyKey}' was used by {(known ? $"the write at {SequenceText(first, last)}" : "an earlier write")}; acknowledged, not applied again.");
    }

    /// <summary>Fails (exit 1) when <c>--as-of</c> was given to a verb that does not read the past.</summary>
    public void RejectAsOf(string? hint = null)
    {
        if (AsOfText is null) return;
        throw new CliUsageException(hint ?? $"--as-of reads the past and cannot be used with '{CommandPath}', which writes; to change an earlier state, fork it: twinlab branch create NAME --at {AsOfText}.");
    }

    /// <summary>The verb as typed, e.g. <c>twins patch</c>.</summary>
    public string CommandPath
    {
        get
        {
            var names = new List<string>();
            for (var r = Parse.CommandResult; r.Parent is CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
            return string.Join(' ', names);
        }
    }

    /// <summary>Fails unless <paramref name="branch"/> exists.</summary>
    public void RequireBranch(string branch)
    {
        if (!Service.Branches.Any(b => b.Name == branch))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{branch}' not found; see 'twinlab branch list'.");
    }

    /// <summary>A point in history: an integer is a sequence number (0 to the last one); anything else an ISO 8601 time,
    /// meaning the last sequence number committed at or before it.</summary>
    public long PointInHistory(string text, string option)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            var last = Service.LastSequence;
            if (sequence > last) throw new CliUsageException($"{option} {sequence} is beyond the end of the history (the last sequence number is {last}).");
            return sequence;
        }
        if (text.StartsWith('-') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw new CliUsageException($"{option} {text}: sequence numbers start at 0.");
        var time = TelemetryCommand.ParseTime(text, $"{option} (a sequence number or an ISO 8601 time)");
        return Service.SequenceAt(time);
    }

    /// <summary>"sequence 12", "sequences 12–14", or "no change" when a write appended nothing.</summary>
    public static string SequenceText(long first, long last) =>
        last < first ? "no change" : first == last ? $"sequence {first}" : $"sequences {first}–{last}";

    /// <summary><c>{"first": n, "last": m}</c>, or <c>null</c> when a write appended nothing.</summary>
    public static JsonNode? SequenceJson(long first, long last) =>
        last < first ? null : new JsonObject { ["first"] = first, ["last"] = last };

    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;
    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Indented; quotes and non-ASCII text (e.g. ETags, "→" in descriptions) left readable, as any JSON parser accepts.</summary>
    private static readonly JsonSerializerOptions JsonOut = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void WriteJson(JsonNode? node) =>
        Out.WriteLine(node?.ToJsonString(JsonOut) ?? "null");

    public void WriteJsonText(string json) =>
        Out.WriteLine(JsonNode.Parse(json)!.ToJsonString(JsonOut));

    public void Dispose()
    {
        _data?.Dispose();
        _service?.Dispose();
    }

    /// <summary>Runs a verb body with the exit-code contract: 0 ok, 1 user error, 2 internal fault.</summary>
    public static int Invoke(ParseResult parse, GlobalOptions globals, Func<CliContext, int> body)
    {
        using var ctx = new CliContext(parse, globals);
        try
        {
            ctx.ResolveServer();
            return body(ctx);
        }
        catch (TwinLabException e)
        {
            ctx.Err.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (CliUsageException e)
        {
            ctx.Err.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            ctx.Err.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            ctx.Err.WriteLine(e.StackTrace);
            return 2;
        }
    }
}

/// <summary>A mistake in how a verb was called or in a file it was given (exit code 1).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
