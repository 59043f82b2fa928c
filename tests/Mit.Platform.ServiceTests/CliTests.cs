using System.Text.Json;
using Mit.Cli;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The `mit` command line (System.CommandLine) run in this process against the all-in-one host: its output and
/// exit codes as a user sees them. Console output is captured, so these tests run one at a time.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliTests(PlatformFixture platform)
{
    private static readonly SemaphoreSlim Console1 = new(1, 1);

    private async Task<(int Exit, string Out, string Error)> Mit(params string[] args)
    {
        await Console1.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            var exit = await CliApp.RunAsync([.. args, "--gateway", platform.Host.GatewayAddress.ToString(), "--identity", platform.Host.WebAddress.ToString()], CancellationToken.None);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Console1.Release();
        }
    }

    [Fact]
    public async Task Help_is_generated_for_every_command_and_a_wrong_option_is_exit_code_2_before_anything_is_sent()
    {
        var help = await CliApp.RunAsync(["--help"], CancellationToken.None);
        Assert.Equal(0, help);

        var (exit, _, error) = await Mit("inbox", "--as", "cpo", "--no-such-option", "x");
        Assert.Equal(2, exit);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);

        var (missing, _, missingError) = await Mit("clock-advance", "--as", "operator");
        Assert.Equal(2, missing);
        Assert.Contains("--by", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsolicited_advice_is_opened_and_adopted_by_vote_and_a_cabinet_response_needs_published_advice()
    {
        var (opened, json, _) = await Mit("unsolicited-open", "--as", "mit-secretariat", "--committee", "MIT", "--title", "Long covid (CLI)",
            "--question", "What does long covid mean for work and income?", "--reason", "Nobody asked.", "--json");
        Assert.Equal(0, opened);
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;

        var (adopted, adoption, _) = await Mit("unsolicited-adopt", "--as", "mit-chair", "--id", id, "--digest", Composition.Digest("CLI " + id),
            "--summary", "Recognise it.", "--vote", "demo-mit-chair:for", "--vote", "demo-mit-member:for", "--json");
        Assert.Equal(0, adopted);
        Assert.Equal("ADOPTION_METHOD_VOTE", JsonDocument.Parse(adoption).RootElement.GetProperty("adoption").GetProperty("method").GetString());
        var (_, shown, _) = await Mit("unsolicited", "--as", "mit-member", "--id", id, "--json");
        Assert.Equal(id, JsonDocument.Parse(shown).RootElement.GetProperty("adoption").GetProperty("requestId").GetString());

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "Kabinetsreactie");
        var dossier = await Eventually.Get(() => new Dossiers(platform).TryGet(id), d => d is { Documents.Count: 1 }, "the unsolicited advice's dossier");
        var (refused, _, error) = await Mit("cabinet-response", "--as", "szw-publication", "--answer", $"{id}:{dossier!.Documents.Single().Id}",
            "--file", file, "--title", "Kabinetsreactie", "--media-type", "text/plain");
        File.Delete(file);
        Assert.NotEqual(0, refused);
        Assert.Contains("published advice", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_joint_request_is_drafted_and_co_signed_and_its_sealed_advice_read_through_the_cli()
    {
        var (drafted, json, _) = await Mit("draft", "--as", "szw-requester", "--title", "CLI request", "--question", "Which measures?",
            "--measure", "Masks: on flights", "--measure", "Tests: before boarding", "--urgent", "--co-signer", "VWS", "--json");
        Assert.Equal(0, drafted);
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;

        var (cosigned, cosignOut, _) = await Mit("cosign", "--as", "vws-requester", "--id", id);
        Assert.Equal(0, cosigned);
        Assert.Contains("Released", cosignOut, StringComparison.OrdinalIgnoreCase);
        await platform.Desks(Persona.MitSecretariat).OnDesk(V1.Committee.Mit, id);
        await platform.Committees(Persona.MitChair).AdoptAdviceAsync(Composition.AdoptionByBoth(id));

        var (read, advice, _) = await Mit("advice", "--as", "szw-requester", "--id", id, "--json");
        Assert.Equal(0, read);
        var mit = JsonDocument.Parse(advice).RootElement.GetProperty("advice").EnumerateArray().Single(a => a.GetProperty("committee").GetString() == "COMMITTEE_MIT");
        Assert.True(mit.GetProperty("sealed").GetBoolean());
    }

    [Fact]
    public async Task The_cpo_notes_an_own_initiative_and_reads_it_in_the_standby_inbox_with_the_signal_prefilled()
    {
        // The platform's one standby may have been ended by the activation test: then this begins a new one.
        await Mit("standby-begin", "--as", "cpo");
        var reason = "CLI: measures abroad will reach schools here " + Guid.NewGuid();

        var (noted, _, noteError) = await Mit("own-initiative", "--as", "cpo", "--reason", reason);
        Assert.True(noted == 0, noteError);

        var (read, inbox, _) = await Mit("inbox", "--as", "cpo");
        Assert.Equal(0, read);
        Assert.Contains(reason, inbox, StringComparison.Ordinal);
        Assert.Contains("signal-raise --route own", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clock_is_read_by_an_operator_and_refused_to_others_with_exit_code_1_and_the_status()
    {
        var (read, clock, _) = await Mit("clock", "--as", "operator", "--json");
        Assert.Equal(0, read);
        Assert.True(JsonDocument.Parse(clock).RootElement.TryGetProperty("now", out _));

        var (refused, _, error) = await Mit("clock-advance", "--as", "mit-chair", "--by", "49:00:00");
        Assert.Equal(1, refused);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_briefing_under_VWS_consent_is_added_proposed_consented_read_to_a_file_with_a_watermark_and_traced()
    {
        var request = await platform.ReleasedOnBothDesks();
        var folder = Directory.CreateTempSubdirectory("mit-cli-briefing-");
        try
        {
            var source = Path.Combine(folder.FullName, "interpretation.txt");
            var text = "Epidemiological interpretation: the endemic phase is reached. " + Guid.NewGuid();
            await File.WriteAllTextAsync(source, text);

            var (added, addedJson, addError) = await Mit("briefing-add", "--as", "omt-secretary", "--id", request.Id, "--title", "Interpretation", "--file", source);
            Assert.True(added == 0, addError);
            var briefingId = JsonDocument.Parse(addedJson).RootElement.GetProperty("briefingId").GetString()!;

            // Before consent the MIT cannot read it.
            var target = Path.Combine(folder.FullName, "copy.txt");
            var (early, _, earlyError) = await Mit("briefing-read", "--as", "mit-secretariat", "--briefing", briefingId, "--out", target);
            Assert.Equal(1, early);
            Assert.Contains("PermissionDenied", earlyError, StringComparison.Ordinal);

            Assert.Equal(0, (await Mit("propose", "--as", "omt-chair", "--id", request.Id, "--audience", "secretariat")).Exit);
            Assert.Equal(0, (await Mit("consent", "--as", "vws-minister", "--id", request.Id)).Exit);
            var (sharing, sharingJson, _) = await Mit("sharing", "--as", "vws-minister", "--id", request.Id);
            Assert.Equal((0, "SHARING_STATE_CONSENTED"), (sharing, JsonDocument.Parse(sharingJson).RootElement.GetProperty("state").GetString()));

            var (read, readOut, readError) = await Mit("briefing-read", "--as", "mit-secretariat", "--briefing", briefingId, "--out", target);
            Assert.True(read == 0, readError);
            Assert.Contains(text, await File.ReadAllTextAsync(target), StringComparison.Ordinal);
            var watermark = readOut.Split('\n').Single(l => l.StartsWith("watermark", StringComparison.Ordinal))["watermark".Length..].Trim();
            Assert.NotEmpty(watermark);

            var (traced, trace, _) = await Mit("trace", "--as", "omt-chair", "--watermark", watermark);
            Assert.Equal(0, traced);
            Assert.Equal(briefingId, JsonDocument.Parse(trace).RootElement.GetProperty("briefingId").GetString());
            Assert.Equal(0, (await Mit("audit-verify", "--as", "auditor")).Exit);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_conflict_declared_through_the_cli_keeps_that_member_from_voting_and_the_refusal_names_the_vote()
    {
        var request = await platform.ReleasedOnBothDesks();

        var (declared, _, declareError) = await Mit("declare-conflict", "--as", "mit-member", "--committee", "mit", "--id", request.Id, "--reason", "Advised a party");
        Assert.True(declared == 0, declareError);

        var (adopted, _, error) = await Mit("adopt", "--as", "mit-chair", "--id", request.Id, "--digest", Composition.Digest("advice " + request.Id), "--summary", "S",
            "--vote", Composition.Subject(Persona.MitChair) + ":for", "--vote", Composition.Subject(Persona.MitMember) + ":for");
        Assert.Equal(1, adopted);
        Assert.Contains("InvalidArgument", error, StringComparison.Ordinal);
        Assert.Contains("votes[1].subject", error, StringComparison.Ordinal);
    }
}
