using System.Runtime.InteropServices;
using Google.Rpc;
using Grpc.Core;
using Mit.Cli;

// mit: a small client for the MIT Platform's gRPC API. Arguments are parsed by hand (see Options.cs) to keep
// the tool free of extra packages. Exit codes: 0 ok, 1 the call or setup failed, 2 wrong command line.

string[] mutating = ["idempotency-key"];
var commands = new Dictionary<string, (string[] Values, string[] Flags, Func<Options, CancellationToken, Task<int>> Run)>(StringComparer.Ordinal)
{
    ["login"] = ([], [], Commands.Login),
    ["logout"] = ([], [], Commands.Logout),
    ["token"] = (["persona"], [], Commands.Token),
    ["draft"] = ([.. Commands.ContentOptions, "co-signer", .. mutating], ["urgent"], Commands.Draft),
    ["revise"] = ([.. Commands.ContentOptions, "id", .. mutating], ["urgent"], Commands.Revise),
    ["amend"] = ([.. Commands.ContentOptions, "id", .. mutating], ["urgent"], Commands.Amend),
    ["get"] = (["id"], [], Commands.Get),
    ["list"] = ([], [], Commands.List),
    ["cosign"] = (["id", "version", "digest", .. mutating], [], Commands.CoSign),
    ["decline"] = (["id", "reason", .. mutating], [], Commands.Decline),
    ["withdraw"] = (["id", "reason", .. mutating], [], Commands.Withdraw),
    ["link"] = (["id", "related", "external", "note", .. mutating], [], Commands.Link),
    ["watch"] = (["committee", "from"], [], Commands.Watch),
    ["ack"] = (["committee", "id", "version", "digest", .. mutating], [], Commands.Ack),
    ["composition"] = (["committee", "as-of"], [], Commands.Composition),
    ["adopt"] = (["id", "digest", "summary", "vote", .. mutating], ["unanimous"], Commands.Adopt),
    ["consensus"] = (["id", "digest", "summary", "dissent", .. mutating], [], Commands.Consensus),
    ["advice"] = (["id"], [], Commands.Advice),
    ["dossier"] = (["id"], [], Commands.Dossier),
    ["upload-advice"] = (["id", "committee", "file", "title", "media-type", .. mutating], [], Commands.UploadAdvice),
    ["reflect"] = (["id", "file", "title", "media-type", .. mutating], [], Commands.Reflect),
    ["to-principal"] = (["id", "document", .. mutating], [], Commands.ToPrincipal),
    ["to-parliament"] = (["id", "document", "kamerbrief", "sent-at", .. mutating], [], Commands.ToParliament),
    ["no-advice"] = (["id", "committee", "reason", .. mutating], [], Commands.NoAdvice),
    ["publish"] = (["id", .. mutating], [], Commands.Publish),
    ["published"] = (["id"], [], Commands.Published),
};

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(Usage.Text);
    return 0;
}
if (!commands.TryGetValue(args[0], out var command))
{
    return Usage.Fail($"Unknown command '{args[0]}'.");
}

// Ctrl+C (and SIGTERM, e.g. from `timeout`) cancel the running call, so watch ends cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

try
{
    var options = Options.Parse(args[1..], command.Values, command.Flags);
    if (options.Flag("help"))
    {
        Console.WriteLine(Usage.Text);
        return 0;
    }
    return await command.Run(options, cancel.Token);
}
catch (UsageException e)
{
    return Usage.Fail(e.Message);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return 130;
}
catch (RpcException e)
{
    await Console.Error.WriteLineAsync($"{e.StatusCode}: {e.Status.Detail}");
    // Validation failures carry the offending fields in a google.rpc.BadRequest detail.
    if (e.GetRpcStatus()?.GetDetail<BadRequest>() is { } badRequest)
    {
        foreach (var violation in badRequest.FieldViolations)
        {
            await Console.Error.WriteLineAsync($"  {violation.Field}: {violation.Description}");
        }
    }
    if (e.StatusCode == StatusCode.Unauthenticated)
    {
        await Console.Error.WriteLineAsync(
            "The token was refused: it may have expired, or come from another identity service than the platform's (--identity / MIT_IDENTITY). Sign in again with `mit login`, or use --as NAME.");
    }
    else if (e.StatusCode == StatusCode.Unavailable)
    {
        await Console.Error.WriteLineAsync("Is the platform running? Start it with: dotnet run --project deploy/AllInOne (or set --gateway / MIT_GATEWAY).");
    }
    return 1;
}
