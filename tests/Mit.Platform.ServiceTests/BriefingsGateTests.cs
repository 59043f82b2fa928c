using System.Globalization;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The gate matrix through the gateway with real tokens and the demo committees: reader × proposal/consent state ×
/// audience × membership × request (this one, or another one with consent). Allowed only where a standing consent
/// for this request names the reader's role and the reader holds a current MIT seat; the OMT always reads its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BriefingsGateTests(PlatformFixture platform)
{
    private readonly BriefingsDriver _b = new(platform);

    private enum State { None, Proposed, Consented, Refused, Revoked, OtherRequestConsented }

    private static readonly string[] Readers = ["mit-chair", "mit-member", "mit-expert", "mit-secretariat", "mit-unseated", "omt-member", "operator"];

    private static bool Expected(string reader, State state, SharingAudience audience)
    {
        if (reader == "omt-member")
        {
            return true;
        }
        if (state != State.Consented || reader is "mit-unseated" or "operator")
        {
            return false;
        }
        return reader switch
        {
            "mit-chair" or "mit-member" => true,
            "mit-secretariat" => audience >= SharingAudience.WithSecretariat,
            "mit-expert" => audience == SharingAudience.WithExpertMembers,
            _ => false,
        };
    }

    [Fact]
    public async Task Only_the_one_right_cell_is_allowed()
    {
        var cells = new List<(State State, SharingAudience Audience)> { (State.None, SharingAudience.Unspecified), (State.OtherRequestConsented, SharingAudience.WithExpertMembers) };
        foreach (var state in new[] { State.Proposed, State.Consented, State.Refused, State.Revoked })
        {
            foreach (var audience in new[] { SharingAudience.MembersAndChair, SharingAudience.WithSecretariat, SharingAudience.WithExpertMembers })
            {
                cells.Add((state, audience));
            }
        }
        var wrong = new List<string>();
        var allowed = 0;
        foreach (var (state, audience) in cells)
        {
            var request = await _b.ReleasedAsync();
            var briefing = await _b.AddAsync(request.Id);
            switch (state)
            {
                case State.Proposed:
                    await _b.ProposeAsync(request.Id, audience);
                    break;
                case State.Consented:
                    await _b.ConsentAsync(request.Id, audience);
                    break;
                case State.Refused:
                    await _b.ProposeAsync(request.Id, audience);
                    await _b.RefuseAsync(request.Id);
                    break;
                case State.Revoked:
                    await _b.ConsentAsync(request.Id, audience);
                    await _b.RevokeAsync(request.Id, "vws-delegate");
                    break;
                case State.OtherRequestConsented:
                    var other = await _b.ReleasedAsync();
                    await _b.ConsentAsync(other.Id, audience);
                    break;
            }
            foreach (var reader in Readers)
            {
                var (status, text, watermark) = await _b.ReadAsync(reader, briefing.BriefingId);
                var expected = Expected(reader, state, audience);
                if (expected)
                {
                    allowed++;
                }
                var ok = expected
                    ? status == StatusCode.OK && text!.StartsWith(BriefingsDriver.Secret, StringComparison.Ordinal) && text.Contains(watermark!, StringComparison.Ordinal)
                    : status == StatusCode.PermissionDenied && text is null;
                if (!ok)
                {
                    wrong.Add($"{reader} / {state} / {audience}: {status}, expected {(expected ? "allowed" : "PermissionDenied")}");
                }
            }
        }
        Assert.Empty(wrong);
        // 1 (none) + 1 (other request) + 12 cells for the OMT member; chair and member ×3, secretariat ×2, expert ×1.
        Assert.Equal(14 + 3 + 3 + 2 + 1, allowed);
    }

    [Fact]
    public async Task Without_consent_the_mit_sees_only_that_a_briefing_exists_and_that_consent_is_pending()
    {
        var request = await _b.ReleasedAsync();
        await _b.AddAsync(request.Id, title: "Endemic phase");
        await _b.ProposeAsync(request.Id, SharingAudience.WithSecretariat);
        var list = await _b.As("mit-secretariat").ListBriefingsAsync(new ListBriefingsRequest { RequestId = request.Id });
        Assert.False(list.Access);
        Assert.Equal(SharingState.Proposed, list.Sharing.State);
        var entry = Assert.Single(list.Briefings);
        Assert.True(entry.Withheld);
        Assert.Equal("", entry.Title);

        var titled = await _b.ReleasedAsync();
        await _b.AddAsync(titled.Id, title: "Endemic phase");
        await _b.ProposeAsync(titled.Id, SharingAudience.WithSecretariat, showTitles: true);
        var shown = Assert.Single((await _b.As("mit-secretariat").ListBriefingsAsync(new ListBriefingsRequest { RequestId = titled.Id })).Briefings);
        Assert.True(shown.Withheld);
        Assert.Equal("Endemic phase", shown.Title);

        await _b.GrantAsync(titled.Id);
        var open = await _b.As("mit-secretariat").ListBriefingsAsync(new ListBriefingsRequest { RequestId = titled.Id });
        Assert.True(open.Access);
        Assert.False(Assert.Single(open.Briefings).Withheld);
    }

    [Fact]
    public async Task Every_state_of_proposal_and_consent_is_kept_with_who_and_when()
    {
        var request = await _b.ReleasedAsync();
        await _b.ProposeAsync(request.Id, SharingAudience.MembersAndChair);
        await _b.RefuseAsync(request.Id);
        await _b.ProposeAsync(request.Id, SharingAudience.WithSecretariat);
        await _b.GrantAsync(request.Id, "vws-delegate");
        var revoked = await _b.RevokeAsync(request.Id, "vws-minister");
        Assert.Equal(SharingState.Revoked, revoked.State);
        Assert.Equal(
            [SharingState.Proposed, SharingState.Refused, SharingState.Proposed, SharingState.Consented, SharingState.Revoked],
            revoked.History.Select(h => h.State));
        Assert.Equal(["demo-omt-chair", "demo-vws-delegate", "demo-omt-chair", "demo-vws-delegate", "demo-vws-minister"], revoked.History.Select(h => h.By));
        Assert.All(revoked.History, h => Assert.NotNull(h.At));
        var denied = await _b.ReadAsync("mit-member", (await _b.AddAsync(request.Id)).BriefingId);
        Assert.Equal(StatusCode.PermissionDenied, denied.Status);
    }

    [Fact]
    public async Task Seating_and_unseating_a_reader_opens_and_closes_the_gate_through_the_membership_change()
    {
        var request = await _b.ReleasedAsync();
        var briefing = await _b.AddAsync(request.Id);
        await _b.ConsentAsync(request.Id, SharingAudience.WithSecretariat);
        // Not seated yet: denied, and that answer is cached.
        Assert.Equal(StatusCode.PermissionDenied, (await _b.ReadAsync("mit-appointee", briefing.BriefingId)).Status);
        Assert.Equal(StatusCode.PermissionDenied, (await _b.ReadAsync("mit-appointee", briefing.BriefingId)).Status);

        var subject = new JsonWebToken(platform.Token(Persona.MitAppointee, "briefings")).Subject;
        var minister = platform.Committees(Persona.SzwMinister);
        var term = (await platform.CompositionOf(Committee.Mit)).Committee.TermStart;
        var seat = await minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Secretariat, term, subject));
        await Eventually.Get(() => _b.ReadAsync("mit-appointee", briefing.BriefingId), r => r.Status == StatusCode.OK, "allowed once seated");

        var yesterday = DateOnly.ParseExact((await platform.CompositionOf(Committee.Mit)).AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1);
        await minister.EndAppointmentAsync(Composition.Ending(seat, yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        await Eventually.Get(() => _b.ReadAsync("mit-appointee", briefing.BriefingId), r => r.Status == StatusCode.PermissionDenied, "denied once unseated");
    }
}
