using TwinLab.SyncBench;

// The MQTT intake load bench: see bench/sync/run.sh, which starts a private mosquitto and runs both roles.
const string usage = """
    usage: TwinLab.SyncBench <role> [--option value ...]
      publish   --broker mqtt://127.0.0.1:1883 --rate 50000 --seconds 60 --twins 1000 [--client raw|mqttnet] [--publishers 1 (mqttnet: 8)] [--window 2000 (mqttnet: 500)] --root bench --summary FILE
      serve     --broker mqtt://127.0.0.1:1883 --twins 1000 --clients 1 --root bench --expect FILE [--report FILE] [--db FILE]
                [--sink pipeline|null] [--capacity 20000] [--max-batch 2000] [--max-delay-ms 5] [--receive-max 10000] [--idle-timeout 30] [--no-coalesce]
      pipeline  --messages 500000 --twins 1000 [--max-batch 2000] [--capacity 20000]   (intake without MQTT: its ceiling)
      writer    --messages 200000 --twins 1000 [--batch 2000] [--warmup 20000] [--rounds 1]   (WriteBatch alone: writer-thread CPU per message)
    """;
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}
try
{
    var options = new BenchArgs(args.Skip(1));
    return args[0] switch
    {
        "publish" => await PublishCommand.RunAsync(options),
        "serve" => await ServeCommand.RunAsync(options),
        "pipeline" => await PipelineCommand.RunAsync(options),
        "writer" => WriterCommand.Run(options),
        _ => throw new ArgumentException($"unknown role '{args[0]}'"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"TwinLab.SyncBench: {e.Message}");
    Console.Error.WriteLine(usage);
    return 2;
}
