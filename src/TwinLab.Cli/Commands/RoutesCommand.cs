using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Server.Routing;
using TwinLab.Server.Routing.Delivery;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab routes add|list|remove</c>: the event routes (as <c>/eventroutes</c>), from the command line.</summary>
/// <remarks>A route made here starts at the current end of the event log: it carries the events committed from now on.
/// A running server on the same database picks it up within a second.</remarks>
internal static class RoutesCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("routes", "Manage the event routes: which events (a filter) go to which endpoint");
        cmd.Subcommands.Add(Add(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Remove(g));
        return cmd;
    }

    private static Command Add(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The route's id" };
        var endpoint = new Option<string>("--endpoint") { Description = "The endpoint it delivers to (see 'twinlab endpoints list')", Required = true };
        var filter = new Option<string>("--filter")
        {
            Description = "Which events: an Azure Digital Twins route filter, e.g. \"type = 'Microsoft.DigitalTwins.Twin.Update' AND STARTS_WITH(subject, 'room')\" (default: true, every event)",
            DefaultValueFactory = _ => "true",
        };
        var replace = new Option<bool>("--replace") { Description = "Replace the route if it exists (it keeps its position)" };
        var cmd = new Command("add", "Add an event route from an endpoint and a filter") { id, endpoint, filter, replace };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var routes = new EventRouteStore(ctx.Service);
            var existed = routes.Find(ctx.Get(id)) is not null;
            if (existed && !ctx.Get(replace))
                throw new CliUsageException($"The event route '{ctx.Get(id)}' exists; add --replace to replace it.");
            var route = routes.Put(ctx.Get(id), ctx.Get(endpoint), ctx.Get(filter));
            // Delivery starts here, at the end of the log now, so no event committed after this command is missed.
            if (new EndpointStore(ctx.Service.Store).Find(route.EndpointName) is { IsDelivered: true })
                new DeliveryStateStore(ctx.Service.Store).Begin(route.Id, ctx.Service.LastSequence, new RoutedEventOutbox(ctx.Service.Store).LastId(), DateTimeOffset.UtcNow);
            if (ctx.Json) ctx.WriteJson(Json(route));
            else ctx.Out.WriteLine($"{(existed ? "Replaced" : "Added")} event route '{route.Id}': events where {route.Filter} go to endpoint '{route.EndpointName}'.");
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the event routes");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var routes = new EventRouteStore(ctx.Service).List();
            if (ctx.Json) ctx.WriteJson(new JsonArray([.. routes.Select(r => (JsonNode)Json(r))]));
            else Table.Write(ctx.Out, ["id", "endpoint", "filter"], routes.Select(r => (IReadOnlyList<string>)[r.Id, r.EndpointName, r.Filter]));
            return 0;
        }));
        return cmd;
    }

    private static Command Remove(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The route's id" };
        var cmd = new Command("remove", "Remove an event route (its delivery position is forgotten)") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            new EventRouteStore(ctx.Service).Delete(ctx.Get(id));
            new DeliveryStateStore(ctx.Service.Store).Delete(ctx.Get(id));
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["removed"] = ctx.Get(id) });
            else ctx.Out.WriteLine($"Removed event route '{ctx.Get(id)}'.");
            return 0;
        }));
        return cmd;
    }

    private static JsonObject Json(EventRoute r) => new() { ["id"] = r.Id, ["endpointName"] = r.EndpointName, ["filter"] = r.Filter };
}
