using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Cli.Remote;

/// <summary>
/// <c>twinlab run FILE --server URL</c>: submits the scenario file to <c>POST /experiments</c>, shows the experiment's
/// progress as a local run does (polling <c>GET /experiments/{id}</c>), and returns its stored results JSON. The first
/// Ctrl-C asks the server to stop it (finished replications are kept, as locally).
/// </summary>
internal static class RemoteExperiment
{
    /// <summary>How often the experiment's state is read while it runs.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the scenario in <paramref name="file"/> on the server and returns its results JSON.</summary>
    /// <exception cref="TwinLabException">The server refused the scenario, or the experiment failed.</exception>
    public static string Run(ServerClient client, string file, string? branch, ulong? seed, int? threads, TextWriter err, IProgress<ExperimentProgress> progress)
    {
        if (!File.Exists(file)) throw new CliUsageException($"'{file}' not found.");
        var text = File.ReadAllText(file);
        var mediaType = Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
        ServerAnswer submitted;
        try
        {
            submitted = client.Send(HttpMethod.Post, "experiments",
                [new("seed", seed?.ToString(CultureInfo.InvariantCulture)), new("threads", threads?.ToString(CultureInfo.InvariantCulture)), new("branch", branch)],
                new StringContent(text, Encoding.UTF8, mediaType));
        }
        catch (TwinLabException e) when (e.Message.StartsWith("scenario:", StringComparison.Ordinal))
        {
            // The server names the posted file "scenario"; the user knows it by its path.
            throw new TwinLabException(e.Code, file + e.Message["scenario".Length..]);
        }
        var id = submitted.Json()["id"]!.GetValue<string>();
        var path = "experiments/" + ServerClient.Segment(id);
        var cancelRequested = 0;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (Interlocked.Exchange(ref cancelRequested, 1) == 1) return;
            e.Cancel = true;
            err.WriteLine();
            err.WriteLine("Stopping: asking the server to finish the replications under way; the results so far will be kept.");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var cancelSent = false;
            while (true)
            {
                var view = client.Send(HttpMethod.Get, path).Json();
                var p = view["progress"]!;
                progress.Report(new ExperimentProgress(p["completed"]!.GetValue<long>(), p["total"]!.GetValue<long>(), p["stage"]?.GetValue<string>() ?? ""));
                switch (view["status"]!.GetValue<string>())
                {
                    case "succeeded":
                    case "cancelled" when view["resultId"] is not null:
                        return client.Send(HttpMethod.Get, path + "/results").Body;
                    case "cancelled":
                        throw new CliUsageException($"experiment {id} was stopped before it started; there are no results.");
                    case "failed":
                        throw new TwinLabException(ErrorCodes.InvalidArgument, $"the experiment failed on the server: {view["error"]?.GetValue<string>()}");
                }
                if (Volatile.Read(ref cancelRequested) == 1 && !cancelSent)
                {
                    client.Send(HttpMethod.Post, path + "/cancel");
                    cancelSent = true;
                }
                Thread.Sleep(PollInterval);
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
