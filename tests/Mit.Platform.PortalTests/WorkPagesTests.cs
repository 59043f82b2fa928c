using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Portal.Platform;
using Mit.Platform.V1;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.PortalTests;

/// <summary>
/// The standby, audit and publication pages in the browser: the CPO's card index and signal, the SG SZW's answer
/// (a no needs reasons: the service's field error shows next to the field), the audit chain verified for the auditor
/// and refused to a requester, and every page accessible in Dutch and in English.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class WorkPagesTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task The_CPO_puts_a_candidate_and_raises_a_signal_and_the_SG_must_give_reasons_for_a_no() => Scenario(nameof(The_CPO_puts_a_candidate_and_raises_a_signal_and_the_SG_must_give_reasons_for_a_no), async () =>
    {
        var unique = Guid.NewGuid().ToString("n")[..6];
        var cpo = await As("cpo", "/waakstand");
        await EnsureStandbyAsync(cpo);

        // The card index: a candidate with expertise tags, and the coverage that follows from it.
        await cpo.GetByLabel("Account (gebruikersnaam)").FillAsync("kandidaat-" + unique);
        await cpo.GetByLabel("Naam", new() { Exact = true }).FillAsync("Kandidaat " + unique);
        await cpo.GetByLabel("Expertise", new() { Exact = true }).FillAsync("economics, public health");
        await cpo.GetByLabel("Instelling").FillAsync("Universiteit Voorbeeld");
        await cpo.GetByRole(AriaRole.Button, new() { Name = "In de kaartenbak zetten" }).ClickAsync();
        await Expect(cpo.GetByText($"Kandidaat {unique} staat in de kaartenbak.")).ToBeVisibleAsync();
        var card = cpo.Locator($"tr[data-subject='kandidaat-{unique}']");
        await Expect(card).ToContainTextAsync("economics, public health");
        await Expect(card).ToContainTextAsync("Beschikbaar");
        await Expect(cpo.GetByTestId("coverage-summary")).ToBeVisibleAsync();
        await Expect(cpo.Locator("tr:has(th:text-is('economics'))")).ToContainTextAsync("Gedekt");

        // A signal on the route of the CPO's own initiative: 14 days for the SG's answer.
        var rationale = "Maatschappelijke onrust neemt toe " + unique;
        await cpo.GetByLabel("Eigen initiatief").CheckAsync();
        await cpo.GetByLabel("Onderbouwing").FillAsync(rationale);
        await cpo.GetByRole(AriaRole.Button, new() { Name = "Signaal afgeven aan de SG van SZW" }).ClickAsync();
        var raised = cpo.GetByTestId("signal").Filter(new() { HasText = rationale });
        await Expect(raised).ToContainTextAsync("Wacht op het antwoord van de SG van SZW");
        await Expect(raised).ToContainTextAsync(new Regex(@"nog 1[34] d \d+ u"));
        await AssertAccessible(cpo);

        // The SG SZW answers: a no without reasons is refused, and the reason shows next to the reasons field.
        var sg = await As("sg-szw", "/waakstand");
        await Interactive(sg);
        await Expect(sg.GetByRole(AriaRole.Button, new() { Name = "Signaal afgeven aan de SG van SZW" })).ToHaveCountAsync(0);
        await Expect(sg.GetByRole(AriaRole.Button, new() { Name = "In de kaartenbak zetten" })).ToHaveCountAsync(0);
        var signal = sg.GetByTestId("signal").Filter(new() { HasText = rationale });
        await signal.GetByLabel("Nee (met redenen)").CheckAsync();
        await signal.GetByRole(AriaRole.Button, new() { Name = "Antwoord geven", Exact = true }).ClickAsync();
        await signal.GetByRole(AriaRole.Button, new() { Name = "Ja, Antwoord geven" }).ClickAsync();
        var reasons = signal.GetByLabel("Redenen", new() { Exact = true });
        var error = signal.Locator(".utrecht-form-field-error-message");
        await Expect(error).ToContainTextAsync("reason");
        await Expect(reasons).ToHaveAttributeAsync("aria-describedby", new Regex(await error.GetAttributeAsync("id") ?? "-"));
        await Expect(signal.GetByText("Controleer de gemarkeerde velden.")).ToBeVisibleAsync();
        await AssertAccessible(sg);

        // With reasons the answer is recorded and shown, to the SG and to the CPO.
        await reasons.FillAsync("Het kabinet heeft de vraag al belegd bij een bestaande commissie.");
        await signal.GetByRole(AriaRole.Button, new() { Name = "Antwoord geven", Exact = true }).ClickAsync();
        await signal.GetByRole(AriaRole.Button, new() { Name = "Ja, Antwoord geven" }).ClickAsync();
        await Expect(signal.GetByTestId("signal-answer")).ToHaveTextAsync("Nee");
        await Expect(signal.GetByTestId("signal-reasons")).ToHaveTextAsync("Het kabinet heeft de vraag al belegd bij een bestaande commissie.");
        await Expect(signal).ToContainTextAsync("Beantwoord: nee");
        await Expect(signal.GetByRole(AriaRole.Button, new() { Name = "Antwoord geven", Exact = true })).ToHaveCountAsync(0);
        await AssertAccessible(sg);
        await Picture(sg, "standby-answer");

        await cpo.ReloadAsync();
        await Expect(raised.GetByTestId("signal-reasons")).ToHaveTextAsync("Het kabinet heeft de vraag al belegd bij een bestaande commissie.");
    });

    [Fact]
    public Task After_the_SGs_yes_the_CPO_sets_up_a_new_MIT_from_the_card_index() => Scenario(nameof(After_the_SGs_yes_the_CPO_sets_up_a_new_MIT_from_the_card_index), async () =>
    {
        var unique = Guid.NewGuid().ToString("n")[..6];
        var cpo = await As("cpo", "/waakstand");
        await EnsureStandbyAsync(cpo);
        foreach (var who in (string[])["voorzitter", "lid"])
        {
            await cpo.GetByLabel("Account (gebruikersnaam)").FillAsync($"{who}-{unique}");
            await cpo.GetByLabel("Naam", new() { Exact = true }).FillAsync($"Kandidaat {who} {unique}");
            await cpo.GetByLabel("Expertise", new() { Exact = true }).FillAsync("sociology");
            await cpo.GetByRole(AriaRole.Button, new() { Name = "In de kaartenbak zetten" }).ClickAsync();
            await Expect(cpo.Locator($"tr[data-subject='{who}-{unique}']")).ToBeVisibleAsync();
        }
        var rationale = "Het OMT kwam bijeen over een nieuwe variant " + unique;
        await cpo.GetByLabel("Het OMT kwam bijeen").CheckAsync();
        await cpo.GetByLabel("Datum van de aanleiding").FillAsync(Display.Local(Portal.Clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await cpo.GetByLabel("Onderbouwing").FillAsync(rationale);
        await cpo.GetByRole(AriaRole.Button, new() { Name = "Signaal afgeven aan de SG van SZW" }).ClickAsync();
        var raised = cpo.GetByTestId("signal").Filter(new() { HasText = rationale });
        await Expect(raised).ToContainTextAsync("Het OMT kwam bijeen");

        var sg = await As("sg-szw", "/waakstand");
        await Interactive(sg);
        var signal = sg.GetByTestId("signal").Filter(new() { HasText = rationale });
        await signal.GetByLabel("Ja, richt een MIT in").CheckAsync();
        await ConfirmAsync(signal, "Antwoord geven");
        await Expect(signal.GetByTestId("signal-answer")).ToHaveTextAsync("Ja");

        // The CPO sets up the MIT: chair and member from the card index, the five expert seats.
        await cpo.ReloadAsync();
        await Interactive(cpo);
        await raised.GetByText("Nieuwe MIT inrichten").ClickAsync();
        await raised.GetByLabel("Kenmerk van het instellingsbesluit").FillAsync("Instellingsbesluit MIT " + unique);
        await raised.GetByLabel("Voorzitter (uit de kaartenbak)").SelectOptionAsync($"voorzitter-{unique}");
        await raised.GetByLabel($"Kandidaat lid {unique}").CheckAsync();
        foreach (var institution in (string[])["CPB", "PBL", "SCP", "SER", "RIVM Gedragsunit"])
        {
            var account = institution.Split(' ')[0].ToLowerInvariant();
            await raised.GetByLabel($"Account van het deskundige lid ({institution})").FillAsync($"{account}-{unique}");
            await raised.GetByLabel($"Naam van het deskundige lid ({institution})").FillAsync($"Deskundige {institution}");
        }
        // Today the demo MIT still sits: terms may not overlap, and the service says so.
        await ConfirmAsync(raised, "MIT inrichten");
        await Expect(raised.Locator("[role=alert]")).ToContainTextAsync("overlap");
        await AssertAccessible(cpo);

        var start = DateOnly.FromDateTime(Display.Local(Portal.Clock.GetUtcNow()).DateTime).AddYears(3);
        await raised.GetByLabel("Begin van de termijn").FillAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await ConfirmAsync(raised, "MIT inrichten");
        await Expect(cpo.GetByText(new Regex($"De nieuwe MIT is ingericht \\(Instellingsbesluit MIT {unique}\\)"))).ToBeVisibleAsync();
        await Expect(cpo.GetByTestId("standby-state")).ToContainTextAsync("Waakstand beëindigd");
        await Expect(cpo.GetByRole(AriaRole.Button, new() { Name = "In de kaartenbak zetten" })).ToHaveCountAsync(0);
        await AssertAccessible(cpo);
    });

    [Fact]
    public Task The_auditor_verifies_the_chain_and_a_requester_may_not_open_the_audit_log() => Scenario(nameof(The_auditor_verifies_the_chain_and_a_requester_may_not_open_the_audit_log), async () =>
    {
        // Something to audit: an OMT member reads a briefing (allowed, a watermarked copy), the MIT secretariat tries (denied).
        var requestId = await ReleaseRequestAsync("Auditspoor " + Guid.NewGuid().ToString("n")[..6]);
        var watermark = await BriefingReadsAsync(requestId);

        var auditor = await As("auditor", "/audit");
        await Interactive(auditor);
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Keten controleren" }).ClickAsync();
        await Expect(auditor.GetByTestId("verify-result")).ToContainTextAsync("De keten is intact");
        await Expect(auditor.GetByTestId("verify-result")).ToContainTextAsync(new Regex(@"Alle [1-9]\d* records passen in de keten"));
        await AssertAccessible(auditor);

        // The records of that request only: the allowed and the denied read.
        await auditor.GetByLabel("Aanvraag").FillAsync(requestId);
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Records tonen" }).ClickAsync();
        var records = auditor.GetByTestId("audit-records");
        await Expect(records).ToContainTextAsync("Toegestaan");
        await Expect(records).ToContainTextAsync("Geweigerd");
        await Expect(records.Locator("caption")).ToContainTextAsync(requestId);
        await AssertAccessible(auditor);
        await Picture(auditor, "audit");

        // The watermark of the member's copy leads back to the member.
        await auditor.GetByRole(AriaRole.Button, new() { Name = $"Watermerk {watermark} herleiden" }).ClickAsync();
        await Expect(auditor.GetByTestId("trace-result")).ToContainTextAsync("OMT member (demo)");
        await Expect(auditor.GetByTestId("trace-result")).ToContainTextAsync(DemoSubjects.Of("omt-member"));

        // A request id that is not one: the service's field error next to the filter.
        await auditor.GetByLabel("Aanvraag").FillAsync("geen-id");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Records tonen" }).ClickAsync();
        await Expect(auditor.Locator("#audit-request-error")).ToContainTextAsync("request id");

        // An unknown watermark: said in plain words.
        await auditor.GetByLabel("Watermerk", new() { Exact = true }).FillAsync("wm-bestaat-niet");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Herleiden", Exact = true }).ClickAsync();
        await Expect(auditor.Locator("section[aria-labelledby=trace] [role=alert]")).ToContainTextAsync("wm-bestaat-niet");

        var requester = await As("szw-requester", "/audit");
        await Expect(requester.GetByRole(AriaRole.Heading, new() { Name = "Niet toegestaan", Level = 1 })).ToBeVisibleAsync();
        await Expect(requester.GetByRole(AriaRole.Button, new() { Name = "Keten controleren" })).ToHaveCountAsync(0);
        await Expect(requester.GetByRole(AriaRole.Link, new() { Name = "Auditlog" })).ToHaveCountAsync(0);
        await AssertAccessible(requester);
    });

    [Fact]
    public Task Standby_audit_and_publication_pages_are_accessible_in_Dutch_and_in_English() => Scenario(nameof(Standby_audit_and_publication_pages_are_accessible_in_Dutch_and_in_English), async () =>
    {
        // A released joint request makes a dossier for the publication pages.
        var title = "Dossier voor toegankelijkheid " + Guid.NewGuid().ToString("n")[..6];
        var requestId = await ReleaseRequestAsync(title);

        var cpo = await As("cpo", "/waakstand");
        await EnsureStandbyAsync(cpo);
        await BothLanguagesAsync(cpo, "Waakstand MIT", "MIT standby");

        var sg = await As("sg-szw", "/waakstand");
        await BothLanguagesAsync(sg, "Waakstand MIT", "MIT standby");

        var auditor = await As("auditor", "/audit");
        await BothLanguagesAsync(auditor, "Auditlog", "Audit log");

        var officer = await As("szw-publication", "/publicatie");
        var dossierLink = officer.GetByRole(AriaRole.Link, new() { Name = title });
        for (var i = 0; i < 20 && await dossierLink.CountAsync() == 0; i++)
        {
            // The dossier is made when the release event arrives; the list is read when the page opens.
            await Task.Delay(500);
            await officer.ReloadAsync();
        }
        await Expect(dossierLink).ToBeVisibleAsync();
        await BothLanguagesAsync(officer, "Publicatie", "Publication");

        await officer.GotoAsync("/publicatie/" + requestId);
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(officer.GetByRole(AriaRole.Button, new() { Name = "Dossier openbaar maken" })).ToHaveCountAsync(0);
        await Expect(officer.GetByRole(AriaRole.Button, new() { Name = "Vastleggen dat de commissie niet adviseerde" })).ToBeVisibleAsync();
        await BothLanguagesAsync(officer, title, title);

        // The MIT secretariat's view of the same dossier, and the expert member's reflection upload.
        var expert = await As("mit-expert", "/publicatie/" + requestId);
        await Expect(expert.GetByRole(AriaRole.Button, new() { Name = "Reflectie uploaden" })).ToBeVisibleAsync();
        await Expect(expert.GetByRole(AriaRole.Button, new() { Name = "Vastleggen dat de commissie niet adviseerde" })).ToHaveCountAsync(0);
        await BothLanguagesAsync(expert, title, title);
    });

    [Fact]
    public Task The_MIT_secretariat_is_told_before_uploading_when_a_file_is_not_the_adopted_text() => Scenario(nameof(The_MIT_secretariat_is_told_before_uploading_when_a_file_is_not_the_adopted_text), async () =>
    {
        var unique = Guid.NewGuid().ToString("n")[..6];
        var title = "Vastgestelde tekst " + unique;
        var requestId = await ReleaseRequestAsync(title);
        var adopted = Encoding.UTF8.GetBytes("Advies van het MIT " + unique + "\n\nDe maatregel raakt vooral jongeren.\n");
        await AdoptMitAdviceAsync(requestId, adopted);
        var adoptedDigest = Convert.ToHexStringLower(SHA256.HashData(adopted));

        var secretariat = await As("mit-secretariat", "/publicatie/" + requestId);
        var advice = secretariat.Locator("article[data-type=Advice][data-committee=Mit]");
        for (var i = 0; i < 20 && await advice.CountAsync() == 0; i++)
        {
            // The dossier learns of the adoption by its event.
            await Task.Delay(500);
            await secretariat.ReloadAsync();
        }
        await Interactive(secretariat);
        await Expect(advice.GetByTestId("doc-state")).ToHaveTextAsync("Vastgesteld; wacht op de tekst");
        await Expect(advice.GetByTestId("doc-sha")).ToHaveTextAsync(adoptedDigest);

        // Another file: the portal says so before anything is sent.
        var folder = Path.Combine(PortalFixture.Uploads, "mit-advice-" + unique);
        Directory.CreateDirectory(folder);
        var wrong = Path.Combine(folder, "concept.txt");
        await File.WriteAllTextAsync(wrong, "Een eerdere concepttekst " + unique);
        await advice.GetByLabel("Bestand kiezen").SetInputFilesAsync(wrong);
        await Expect(advice.GetByTestId("digest-check")).ToContainTextAsync("Dit is niet de vastgestelde tekst");
        await Expect(advice.GetByTestId("upload-sha")).ToHaveTextAsync("SHA-256 " + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(wrong))));
        await AssertAccessible(secretariat);

        // The adopted file: it matches, and the upload makes the text present.
        var right = Path.Combine(folder, "advies.txt");
        await File.WriteAllBytesAsync(right, adopted);
        await advice.GetByLabel("Bestand kiezen").SetInputFilesAsync(right);
        await Expect(advice.GetByTestId("digest-check")).ToContainTextAsync("Dit is de vastgestelde tekst");
        await advice.GetByRole(AriaRole.Button, new() { Name = "Vastgestelde tekst uploaden" }).ClickAsync();
        await Expect(secretariat.GetByTestId("done")).ToContainTextAsync("De vastgestelde tekst van de MIT is geüpload.");
        await Expect(advice.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
        await AssertAccessible(secretariat);
        await Picture(secretariat, "publication-dossier");

        // The publication officer sees the dossier and its state in words, and offers no upload.
        var officer = await As("szw-publication", "/publicatie/" + requestId);
        var seen = officer.Locator("article[data-type=Advice][data-committee=Mit]");
        await Expect(seen.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
        await Expect(officer.GetByLabel("Bestand kiezen")).ToHaveCountAsync(0);
        await AssertAccessible(officer);
    });

    [Fact]
    public Task Both_advice_go_through_the_protocol_and_are_published_together_then_withdrawn_and_corrected() => Scenario(nameof(Both_advice_go_through_the_protocol_and_are_published_together_then_withdrawn_and_corrected), async () =>
    {
        var unique = Guid.NewGuid().ToString("n")[..6];
        var requestId = await ReleaseRequestAsync("Publicatie samen " + unique);
        var mitText = Encoding.UTF8.GetBytes("Advies van het MIT " + unique + "\n");
        var omtText = Encoding.UTF8.GetBytes("Advies van het OMT " + unique + "\n");
        await AdoptMitAdviceAsync(requestId, mitText);
        await RecordOmtConsensusAsync(requestId, omtText);

        // Each secretariat uploads its committee's adopted text and records it as sent to its principal.
        var mit = await As("mit-secretariat", "/publicatie/" + requestId);
        var mitAdvice = await AdviceOfAsync(mit, "Mit");
        await UploadAsync(mitAdvice, "mit-" + unique + ".txt", mitText);
        await Expect(mitAdvice.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
        await ConfirmAsync(mitAdvice, "Verzending aan SG SZW vastleggen");
        await Expect(mitAdvice.GetByTestId("doc-state")).ToHaveTextAsync("Verzonden aan SG SZW");

        var omt = await As("omt-secretary", "/publicatie/" + requestId);
        var omtAdvice = await AdviceOfAsync(omt, "Omt");
        await UploadAsync(omtAdvice, "omt-" + unique + ".txt", omtText);
        await ConfirmAsync(omtAdvice, "Verzending aan VWS vastleggen");
        await Expect(omtAdvice.GetByTestId("doc-state")).ToHaveTextAsync("Verzonden aan VWS");

        // The publication officer: nothing is published before parliament has both (the service says so), then both at once.
        var officer = await As("szw-publication", "/publicatie/" + requestId);
        await Interactive(officer);
        var sentAt = Display.Local(Portal.Clock.GetUtcNow()).AddMinutes(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var officerMit = officer.Locator("article[data-type=Advice][data-committee=Mit]");
        var officerOmt = officer.Locator("article[data-type=Advice][data-committee=Omt]");
        await officerMit.GetByLabel("Kenmerk van de Kamerbrief").FillAsync("Kamerstuk 25295-" + unique);
        await officerMit.GetByLabel("Verzonden op").FillAsync(sentAt);
        await officerMit.GetByRole(AriaRole.Button, new() { Name = "Verzending aan de Kamer vastleggen" }).ClickAsync();
        await Expect(officerMit.GetByTestId("doc-state")).ToHaveTextAsync("Naar de Tweede Kamer; nog niet openbaar");
        await ConfirmAsync(officer.Locator("section[aria-labelledby=publish]"), "Dossier openbaar maken");
        await Expect(officer.Locator("section[aria-labelledby=publish] [role=alert]")).ToContainTextAsync("Dit kan nog niet");
        await Expect(officerMit.GetByTestId("doc-state")).ToHaveTextAsync("Naar de Tweede Kamer; nog niet openbaar");

        await officerOmt.GetByLabel("Kenmerk van de Kamerbrief").FillAsync("Kamerstuk 25295-" + unique + "-omt");
        await officerOmt.GetByLabel("Verzonden op").FillAsync(sentAt);
        await officerOmt.GetByRole(AriaRole.Button, new() { Name = "Verzending aan de Kamer vastleggen" }).ClickAsync();
        await Expect(officerOmt.GetByTestId("doc-state")).ToHaveTextAsync("Naar de Tweede Kamer; nog niet openbaar");
        await AssertAccessible(officer);
        await ConfirmAsync(officer.Locator("section[aria-labelledby=publish]"), "Dossier openbaar maken");
        await Expect(officer.GetByTestId("done")).ToHaveTextAsync("Het dossier is openbaar gemaakt.");
        await Expect(officerMit.GetByTestId("doc-state")).ToHaveTextAsync("Openbaar");
        await Expect(officerOmt.GetByTestId("doc-state")).ToHaveTextAsync("Openbaar");
        await Expect(officer.GetByText(new Regex("^Openbaar gemaakt op "))).ToBeVisibleAsync();

        // Withdraw needs a reason: the service's field error, then the withdrawal.
        await officerOmt.GetByText("Document intrekken").ClickAsync();
        await ConfirmAsync(officerOmt, "Intrekken met deze reden");
        await Expect(officerOmt.Locator(".utrecht-form-field-error-message")).ToContainTextAsync("required");
        await officerOmt.GetByLabel("Reden", new() { Exact = true }).FillAsync("Verkeerde bijlage meegestuurd.");
        await ConfirmAsync(officerOmt, "Intrekken met deze reden");
        await Expect(officerOmt.GetByTestId("doc-state")).ToHaveTextAsync("Ingetrokken");
        await Expect(officerOmt).ToContainTextAsync("Verkeerde bijlage meegestuurd.");
        await AssertAccessible(officer);

        // The MIT secretariat corrects its published advice: a new version that points to the first.
        await mit.ReloadAsync();
        await Interactive(mit);
        var published = mit.Locator("article[data-type=Advice][data-committee=Mit]").First;
        await published.GetByText("Gecorrigeerde versie uploaden").ClickAsync();
        var corrected = Path.Combine(PortalFixture.Uploads, "mit-correctie-" + unique + ".txt");
        await File.WriteAllTextAsync(corrected, "Advies van het MIT " + unique + ", gecorrigeerd\n");
        await published.GetByLabel("Bestand kiezen").SetInputFilesAsync(corrected);
        await Expect(published.GetByTestId("upload-sha")).ToBeVisibleAsync();
        await published.GetByLabel("Toelichting bij de correctie").FillAsync("Een tikfout in de samenvatting hersteld.");
        await published.GetByRole(AriaRole.Button, new() { Name = "Correctie uploaden" }).ClickAsync();
        await Expect(mit.GetByTestId("done")).ToHaveTextAsync("De correctie is geüpload als nieuwe versie.");
        var correction = mit.Locator("article[data-type=Advice][data-committee=Mit]").Nth(1);
        await Expect(correction).ToContainTextAsync("Correctie van");
        await Expect(correction.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
        await AssertAccessible(mit);
    });

    /// <summary>The dossier's advice of one committee, once the dossier learned of the adoption (by its event).</summary>
    private static async Task<ILocator> AdviceOfAsync(IPage page, string committee)
    {
        var advice = page.Locator($"article[data-type=Advice][data-committee={committee}]");
        for (var i = 0; i < 20 && await advice.CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Interactive(page);
        return advice;
    }

    private static async Task UploadAsync(ILocator advice, string name, byte[] content)
    {
        var file = Path.Combine(PortalFixture.Uploads, name);
        await File.WriteAllBytesAsync(file, content);
        await advice.GetByLabel("Bestand kiezen").SetInputFilesAsync(file);
        await Expect(advice.GetByTestId("digest-check")).ToContainTextAsync("Dit is de vastgestelde tekst");
        await advice.GetByRole(AriaRole.Button, new() { Name = "Vastgestelde tekst uploaden" }).ClickAsync();
        await Expect(advice.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
    }

    /// <summary>An action with its one confirmation.</summary>
    private static async Task ConfirmAsync(ILocator scope, string label)
    {
        await scope.GetByRole(AriaRole.Button, new() { Name = label, Exact = true }).ClickAsync();
        await scope.GetByRole(AriaRole.Button, new() { Name = "Ja, " + label, Exact = true }).ClickAsync();
    }

    /// <summary>The page as it is, then again after the header's language button: axe-core finds nothing in either language.</summary>
    private static async Task BothLanguagesAsync(IPage page, string dutchHeading, string englishHeading)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = dutchHeading, Level = 1 })).ToBeVisibleAsync();
        await Interactive(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await AssertAccessible(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = englishHeading, Level = 1 })).ToBeVisibleAsync();
        await Interactive(page);
        await AssertAccessible(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Interactive(page);
    }

    /// <summary>The MIT is in standby (begun by the CPO when it never was; tests share one platform).</summary>
    private static async Task EnsureStandbyAsync(IPage cpo)
    {
        await Interactive(cpo);
        await Expect(cpo.GetByTestId("standby-state")).ToBeVisibleAsync();
        var begin = cpo.GetByRole(AriaRole.Button, new() { Name = "Waakstand beginnen", Exact = true });
        if (await begin.CountAsync() > 0)
        {
            await begin.ClickAsync();
            await cpo.GetByRole(AriaRole.Button, new() { Name = "Ja, Waakstand beginnen" }).ClickAsync();
        }
        await Expect(cpo.GetByTestId("standby-state")).ToContainTextAsync("In waakstand");
    }

    /// <summary>A released joint request (SZW drafts, VWS co-signs over the API; the requests pages have their own tests): its id.</summary>
    private async Task<string> ReleaseRequestAsync(string title)
    {
        using var platform = new PlatformCalls(Portal);
        var released = await platform.ReleasedRequestAsync(title);
        Assert.Equal(RequestState.Released, released.State);
        return released.Id;
    }

    /// <summary>The OMT secretary adds a briefing; an OMT member reads it (its watermark is returned); the MIT secretariat is refused.</summary>
    private async Task<string> BriefingReadsAsync(string requestId)
    {
        using var channel = GrpcChannel.ForAddress(Portal.Host.GatewayAddress);
        var briefings = new V1.Briefings.BriefingsClient(channel);
        var added = await briefings.AddBriefingAsync(new AddBriefingRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("n"),
            Header = new BriefingHeader { RequestId = requestId, Title = "Epidemiologisch beeld", MediaType = "text/plain" },
            Content = Google.Protobuf.ByteString.CopyFromUtf8("R is 1,2 en stijgt."),
        }, await CallAsAsync("omt-secretary"));
        var watermark = "";
        using (var read = briefings.ReadBriefing(new ReadBriefingRequest { BriefingId = added.BriefingId }, await CallAsAsync("omt-member")))
        {
            while (await read.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (read.ResponseStream.Current.WatermarkId.Length > 0)
                {
                    watermark = read.ResponseStream.Current.WatermarkId;
                }
            }
        }
        Assert.NotEqual("", watermark);
        var denied = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var read = briefings.ReadBriefing(new ReadBriefingRequest { BriefingId = added.BriefingId }, await CallAsAsync("mit-secretariat"));
            while (await read.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        return watermark;
    }

    /// <summary>The MIT adopts advice on the request (unanimously), with the digest of the given text.</summary>
    private async Task AdoptMitAdviceAsync(string requestId, byte[] text)
    {
        using var channel = GrpcChannel.ForAddress(Portal.Host.GatewayAddress);
        var composition = new CommitteeComposition.CommitteeCompositionClient(channel);
        var digest = Convert.ToHexStringLower(SHA256.HashData(text));
        var chair = await CallAsAsync("mit-chair");
        // The request reaches the MIT's desk by its release event; adoption needs it there.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var adopt = new AdoptAdviceRequest
                {
                    IdempotencyKey = Guid.NewGuid().ToString("n"), RequestId = requestId, DocumentDigest = digest, Summary = "Samenvatting van het MIT-advies.",
                };
                adopt.Votes.Add(new Vote { Subject = DemoSubjects.Of("mit-chair"), Choice = VoteChoice.For });
                adopt.Votes.Add(new Vote { Subject = DemoSubjects.Of("mit-member"), Choice = VoteChoice.For });
                await composition.AdoptAdviceAsync(adopt, chair);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The OMT chair records the OMT's consensus on the request, with the digest of the given text.</summary>
    private async Task RecordOmtConsensusAsync(string requestId, byte[] text)
    {
        using var channel = GrpcChannel.ForAddress(Portal.Host.GatewayAddress);
        var composition = new CommitteeComposition.CommitteeCompositionClient(channel);
        var chair = await CallAsAsync("omt-chair");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await composition.RecordConsensusAsync(new RecordConsensusRequest
                {
                    IdempotencyKey = Guid.NewGuid().ToString("n"), RequestId = requestId, DocumentDigest = Convert.ToHexStringLower(SHA256.HashData(text)),
                    Summary = "Samenvatting van het OMT-advies.",
                }, chair);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task<CallOptions> CallAsAsync(string persona)
    {
        using var platform = new PlatformCalls(Portal);
        return await platform.As(persona);
    }

    /// <summary>Waits until the page is live (its heading says so, data-interactive), so no click or input is lost before it is.</summary>
}
