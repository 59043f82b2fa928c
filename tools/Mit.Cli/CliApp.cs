using System.CommandLine;
using Google.Rpc;
using Grpc.Core;

namespace Mit.Cli;

/// <summary>
/// The command line, on System.CommandLine: every command with its options, generated help (--help on any command),
/// validation of names and values before anything is sent, and shell completion (the [suggest] directive, for
/// dotnet-suggest). The commands themselves read an <see cref="Options"/>. Exit codes: 0 ok, 1 the call or sign-in
/// failed (status on stderr), 2 wrong command line, 130 cancelled.
/// </summary>
public static class CliApp
{
    /// <summary>One command: its name, what it does, its value options (repeatable ones listed again) and flags.</summary>
    private sealed record Spec(string Name, string Description, string[] Values, string[] Flags, Func<Options, CancellationToken, Task<int>> Run);

    private static readonly string[] Mutating = ["idempotency-key"];
    private static readonly string[] Content = ["title", "question", "measure", "attachment", "deadline"];

    /// <summary>Options that may be given more than once.</summary>
    private static readonly HashSet<string> Repeatable = new(StringComparer.Ordinal) { "measure", "attachment", "vote", "expertise", "member", "expert", "related", "answer" };

    private static readonly Dictionary<string, string> Help = new(StringComparer.Ordinal)
    {
        ["gateway"] = "the gateway (h2c): default $MIT_GATEWAY, else http://127.0.0.1:5080",
        ["identity"] = "the identity service (sign-in, tokens): default $MIT_IDENTITY, else http://127.0.0.1:5081",
        ["as"] = "a demo user (Development: password grant), e.g. szw-requester, omt-chair, cpo, operator",
        ["password"] = "the password for --as (default: $MIT_PASSWORD, else the demo password)",
        ["token"] = "this bearer token",
        ["json"] = "print the protobuf JSON (streams: one object per line)",
        ["idempotency-key"] = "reuse to retry a change safely (default: a random key per call)",
        ["measure"] = "\"name: description\", repeatable",
        ["attachment"] = "\"name;media/type;size;sha256\", repeatable",
        ["deadline"] = "e.g. 2026-12-01T12:00:00Z (whole seconds); required without --urgent",
        ["committee"] = "mit or omt",
        ["vote"] = "SUBJECT:for|against|abstain, repeatable",
        ["expertise"] = "an expertise tag, repeatable",
        ["member"] = "a member's subject (from the card index), repeatable",
        ["expert"] = "INSTITUTION:SUBJECT:NAME (cpb, pbl, scp, ser, rivm), repeatable",
        ["route"] = "a1, omt or own",
        ["answer"] = "yes or no (no needs --reasons)",
        ["availability"] = "available, limited or unavailable",
        ["by"] = "how far to advance the clock, e.g. 49:00:00 (hours) or 14.00:00:00 (days)",
        ["from"] = "the last position seen (0: from the start)",
        ["audience"] = "members (and chair), secretariat (also), experts (also)",
        ["out"] = "the file to write",
        ["seat"] = "chair, member, expert, substitute, secretariat, secretary (OMT) or invited (OMT)",
        ["institution"] = "expert seats: cpb, pbl, scp, ser or rivm",
    };

    private static Spec[] Specs() =>
    [
        new("login", "sign in through the browser (device code); keeps a session", [], [], Commands.Login),
        new("logout", "forget the stored session", [], [], Commands.Logout),
        new("token", "print an access token (of --as NAME or --persona NAME, else of the session)", ["persona"], [], Commands.Token),
        new("draft", "draft a joint request (as a requester)", [.. Content, "co-signer", .. Mutating], ["urgent"], Commands.Draft),
        new("revise", "revise a declined or not yet co-signed draft", [.. Content, "id", .. Mutating], ["urgent"], Commands.Revise),
        new("amend", "a new version of a released request (released once co-signed)", [.. Content, "id", .. Mutating], ["urgent"], Commands.Amend),
        new("get", "show one request", ["id"], [], Commands.Get),
        new("list", "list the requests you may see", [], [], Commands.List),
        new("cosign", "co-sign the pending version (read first, unless --version and --digest are given)", ["id", "version", "digest", .. Mutating], [], Commands.CoSign),
        new("decline", "decline to co-sign", ["id", "reason", .. Mutating], [], Commands.Decline),
        new("withdraw", "withdraw a request", ["id", "reason", .. Mutating], [], Commands.Withdraw),
        new("link", "link a related request (--related) or outside reference (--external)", ["id", "related", "external", "note", .. Mutating], [], Commands.Link),
        new("watch", "stream a committee desk until Ctrl+C (reconnects)", ["committee", "from"], [], Commands.Watch),
        new("ack", "the secretariat confirms it holds that version", ["committee", "id", "version", "digest", .. Mutating], [], Commands.Ack),
        new("composition", "who sits on the committee (as of a date)", ["committee", "as-of"], [], Commands.Composition),
        new("establish", "a committee under an establishment decree (MIT: the SZW minister; OMT: its chair)", ["committee", "decree", "term-start", "term-end", .. Mutating], [], Commands.Establish),
        new("extend-term", "extend the committee's term", ["committee", "new-end", .. Mutating], [], Commands.ExtendTerm),
        new("appoint", "appoint someone to a seat", ["committee", "subject", "name", "seat", "from", "until", "institution", "topic", "request", .. Mutating], ["agenda-member"], Commands.Appoint),
        new("end-appointment", "end an appointment with a last day in office", ["committee", "appointment", "last-day", .. Mutating], [], Commands.EndAppointment),
        new("declare-interests", "a member declares their interests (the chair may for a member: --subject)", ["committee", "subject", "interests", .. Mutating], [], Commands.DeclareInterests),
        new("declare-conflict", "a member declares a conflict of interest on one request", ["committee", "subject", "id", "reason", .. Mutating], [], Commands.DeclareConflict),
        new("act-for-seat", "a substitute acts for its expert seat on one request", ["appointment", "id", .. Mutating], [], Commands.ActForSeat),
        new("adopt", "the MIT chair records the vote on its advice", ["id", "digest", "summary", "vote", .. Mutating], ["unanimous"], Commands.Adopt),
        new("consensus", "the OMT chair records the consensus", ["id", "digest", "summary", "dissent", .. Mutating], [], Commands.Consensus),
        new("unsolicited-open", "a committee opens unsolicited advice: the question it sets itself and why", ["committee", "title", "question", "reason", "related", "work-item", .. Mutating], [], Commands.UnsolicitedOpen),
        new("unsolicited-adopt", "adopt unsolicited advice: the MIT chair records the vote (--vote), the OMT chair the consensus (--dissent)", ["id", "digest", "summary", "vote", "dissent", .. Mutating], ["unanimous"], Commands.UnsolicitedAdopt),
        new("unsolicited", "an unsolicited advice, as its own committee sees it", ["id"], [], Commands.Unsolicited),
        new("advice", "both committees' advice as you may see it (sealed until both adopted or the deadline passed; late advice marked)", ["id"], [], Commands.Advice),
        new("dossier", "a publication dossier (a joint request's has the request's id; a standby signal's the signal's)", ["id"], [], Commands.Dossier),
        new("upload-advice", "the secretariat uploads the adopted text (SHA-256 = adopted digest)", ["id", "committee", "file", "title", "media-type", .. Mutating], [], Commands.UploadAdvice),
        new("reflect", "an MIT expert member adds a reflection", ["id", "file", "title", "media-type", .. Mutating], [], Commands.Reflect),
        new("to-principal", "sent to the SG SZW (MIT) or VWS (OMT); advice only after the reveal", ["id", "document", .. Mutating], [], Commands.ToPrincipal),
        new("to-parliament", "the publication officer records the letter to parliament", ["id", "document", "kamerbrief", "sent-at", .. Mutating], [], Commands.ToParliament),
        new("no-advice", "a committee did not advise (published as a note)", ["id", "committee", "reason", .. Mutating], [], Commands.NoAdvice),
        new("publish", "publish every ready document at one instant", ["id", .. Mutating], [], Commands.Publish),
        new("cabinet-response", "SZW (MIT advice) or VWS (OMT advice) records the cabinet's response to published advice (--answer dossier:document, repeatable)", ["answer", "file", "title", "media-type", "responded-at", "kamerbrief", "sent-at", .. Mutating], [], Commands.CabinetResponse),
        new("published", "the public record, without signing in (--response answered|waiting: advice with or without the cabinet's response)", ["id", "response"], [], Commands.Published),
        new("briefing-add", "the OMT chair or secretary uploads a file as a confidential briefing on a request", ["id", "title", "file", "media-type", "classification", "supersedes", .. Mutating], [], Commands.BriefingAdd),
        new("briefings", "a request's briefings as you may see them, and the sharing's state", ["id"], [], Commands.BriefingList),
        new("briefing-read", "read a briefing into a file (gated and audited; the copy carries your watermark)", ["briefing", "out"], [], Commands.BriefingRead),
        new("briefings-watch", "stream a request's briefings as they are added, until Ctrl+C", ["id", "from"], [], Commands.BriefingWatch),
        new("propose", "the OMT chair proposes sharing a request's briefings with the MIT", ["id", "audience", "until", "note", .. Mutating], ["show-titles"], Commands.Propose),
        new("consent", "the VWS minister (or delegate) consents to the proposal", ["id", .. Mutating], [], Commands.Consent),
        new("refuse", "VWS refuses the proposal, with a reason", ["id", "reason", .. Mutating], [], Commands.Refuse),
        new("revoke", "the OMT chair or VWS withdraws the sharing at once", ["id", "reason", .. Mutating], [], Commands.Revoke),
        new("sharing", "a request's sharing (with --id), else the requests with a sharing", ["id"], [], Commands.SharingOf),
        new("audit", "the briefings audit log (OMT chair, VWS, auditor)", ["after", "id"], [], Commands.Audit),
        new("audit-verify", "check the audit log's hash chain (exit 1 when broken)", [], [], Commands.AuditVerify),
        new("trace", "who received the copy with this watermark, and when", ["watermark"], [], Commands.Trace),
        new("standby", "the standby MIT: card index, signals (as the CPO, the SG SZW or the SZW minister)", [], [], Commands.Standby),
        new("standby-begin", "the CPO begins the standby", [.. Mutating], [], Commands.StandbyBegin),
        new("candidate-put", "the CPO adds or replaces a card in the card index", ["subject", "name", "expertise", "institution", "availability", "interests", .. Mutating], [], Commands.CandidatePut),
        new("candidate-remove", "the CPO removes a card", ["subject", .. Mutating], [], Commands.CandidateRemove),
        new("coverage", "per required expertise, the available candidates; the gaps", [], [], Commands.Coverage),
        new("signal-raise", "the CPO signals the SG SZW (route a1: --disease and --triggered-on; omt: --triggered-on)", ["route", "rationale", "disease", "triggered-on", .. Mutating], [], Commands.SignalRaise),
        new("signal-answer", "the SG SZW answers a signal within 14 days (\"yes, unless\")", ["signal", "answer", "reasons", .. Mutating], [], Commands.SignalAnswer),
        new("activate", "after a yes, the CPO sets up a new MIT from the card index", ["signal", "decree", "term-start", "term-years", "chair", "member", "expert", .. Mutating], [], Commands.Activate),
        new("omt-meeting", "the OMT secretary records a meeting of the OMT (a notice in the standby inbox)", ["met-on", "topic", "request", .. Mutating], [], Commands.OmtMeeting),
        new("a1", "VWS records an A1 classification (a notice in the standby inbox)", ["disease", "classified-on", .. Mutating], [], Commands.A1),
        new("own-initiative", "the CPO notes a reason to signal on the standby MIT's own initiative", ["reason", .. Mutating], [], Commands.OwnInitiative),
        new("inbox", "the CPO's standby inbox: triggers with a prefilled signal, overdue answers", ["from"], [], Commands.Inbox),
        new("inbox-watch", "stream the standby inbox until Ctrl+C", ["from"], [], Commands.InboxWatch),
        new("clock", "Development: the platform's clock and its offset (operator)", [], [], Commands.Clock),
        new("clock-advance", "Development: advance the platform's clock (operator)", ["by", .. Mutating], [], Commands.ClockAdvance),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("mit: command-line client for the MIT Platform (joint advice requests of SZW and VWS to the MIT and the OMT). " +
            "Exit codes: 0 ok, 1 the call or sign-in failed, 2 wrong command line.");
        var globals = new[] { "gateway", "identity", "as", "password", "token" }
            .Select(name => new Option<string>("--" + name) { Description = Help.GetValueOrDefault(name), Recursive = true }).ToList();
        var json = new Option<bool>("--json") { Description = Help["json"], Recursive = true };
        foreach (var option in globals)
        {
            root.Options.Add(option);
        }
        root.Options.Add(json);
        foreach (var spec in Specs())
        {
            var command = new Command(spec.Name, spec.Description);
            var values = spec.Values.Select(name => Repeatable.Contains(name)
                ? (Option)new Option<string[]>("--" + name) { Description = Help.GetValueOrDefault(name), AllowMultipleArgumentsPerToken = false }
                : new Option<string>("--" + name) { Description = Help.GetValueOrDefault(name) }).ToList();
            var flags = spec.Flags.Select(name => new Option<bool>("--" + name)).ToList();
            values.ForEach(command.Options.Add);
            flags.ForEach(command.Options.Add);
            command.SetAction((parsed, ct) =>
            {
                var given = globals.Concat(values).Select(option => (option.Name.TrimStart('-'), Values(parsed, option)));
                var set = flags.Where(f => parsed.GetValue(f)).Select(f => f.Name.TrimStart('-'));
                if (parsed.GetValue(json))
                {
                    set = set.Append("json");
                }
                return Guarded(() => spec.Run(Options.From(given, set), ct), ct);
            });
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static IReadOnlyList<string> Values(ParseResult parsed, Option option) => option switch
    {
        Option<string[]> many => parsed.GetValue(many) ?? [],
        Option<string> one => parsed.GetValue(one) is { } value ? [value] : [],
        _ => [],
    };

    /// <summary>Parses and runs; a wrong command line prints its errors and exits 2 without calling anything.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }
            await Console.Error.WriteLineAsync("See: mit --help, or mit COMMAND --help");
            return 2;
        }
        if (args.Length == 0)
        {
            args = ["--help"];
            parsed = Build().Parse(args);
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, ct);
    }

    /// <summary>The one place that turns failures into messages and exit codes.</summary>
    private static async Task<int> Guarded(Func<Task<int>> run, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync("See: mit COMMAND --help");
            return 2;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
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
    }
}
