using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli;

/// <summary>What a verb needs: the parsed options, the output writers, and the service on the database.</summary>
internal sealed class CliContext(ParseResult parse, GlobalOptions globals) : IDisposable
{
    private TwinService? _service;

    public ParseResult Parse { get; } = parse;
    public TextWriter Out { get; } = parse.InvocationConfiguration.Output;
    public TextWriter Err { get; } = parse.InvocationConfiguration.Error;
    public bool Json { get; } = parse.GetValue(globals.Json);
    public string DbPath { get; } = parse.GetValue(globals.Db)!;

    /// <summary>The service over the database, opened on first use.</summary>
    public TwinService Service => _service ??= new TwinService(SqliteTwinStore.Open(DbPath));

    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;
    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public void WriteJson(JsonNode? node) =>
        Out.WriteLine(node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null");

    public void WriteJsonText(string json) =>
        Out.WriteLine(JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public void Dispose() => _service?.Dispose();

    /// <summary>Runs a verb body with the exit-code contract: 0 ok, 1 user error, 2 internal fault.</summary>
    public static int Invoke(ParseResult parse, GlobalOptions globals, Func<CliContext, int> body)
    {
        using var ctx = new CliContext(parse, globals);
        try
        {
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
