using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

[Collection(PlatformCollection.Name)]
public sealed class JointRequestFlowTests(PlatformFixture platform)
{
    private readonly V1.AdviceRequests.AdviceRequestsClient _szw = platform.Requests(Persona.SzwRequester);
    private readonly V1.AdviceRequests.AdviceRequestsClient _vws = platform.Requests(Persona.VwsRequester);
    private readonly CommitteeDesks.CommitteeDesksClient _mitDesk = platform.Desks(Persona.MitSecretariat);
    private readonly CommitteeDesks.CommitteeDesksClient _omtDesk = platform.Desks(Persona.OmtSecretary);

    private async Task<AdviceRequest> Released()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        return await _vws.CoSignAsync(Requests.CoSign(draft));
    }

    private static Task<DeskEntry> OnDesk(CommitteeDesks.CommitteeDesksClient desk, Committee committee, string requestId, int version, DeskEntryKind kind = DeskEntryKind.Released) =>
        desk.OnDesk(committee, requestId, version, kind);

    [Fact]
    public async Task Co_signing_releases_the_same_version_and_digest_to_both_desks()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        Assert.Equal(RequestState.AwaitingCoSignature, draft.State);
        Assert.Equal(0, draft.ReleasedVersion);

        var released = await _vws.CoSignAsync(Requests.CoSign(draft));

        Assert.Equal(RequestState.Released, released.State);
        Assert.Equal(1, released.ReleasedVersion);
        Assert.Equal(draft.Current.Digest, released.Current.Digest);
        // Release + 48 hours, in whole seconds like a given deadline.
        var due = released.Current.ReleasedAt.ToDateTimeOffset().AddHours(48);
        Assert.Equal(due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond)), released.Deadline.ToDateTimeOffset());
        var mit = await OnDesk(_mitDesk, Committee.Mit, released.Id, 1);
        var omt = await OnDesk(_omtDesk, Committee.Omt, released.Id, 1);
        Assert.Equal(released.Current.Digest, mit.Digest);
        Assert.Equal(released.Current.Digest, omt.Digest);
        Assert.Equal(released.Current.ReleasedAt, mit.ReleasedAt);
        Assert.Equal(released.Current.ReleasedAt, omt.ReleasedAt);
        // Both desks were written in one transaction: one received_at.
        Assert.Equal(mit.ReceivedAt, omt.ReceivedAt);

        // Both ministries see, per committee, when it arrived and with which digest (one message carried both receipts).
        var status = await Eventually.Get(() => _szw.GetRequestAsync(new GetRequestRequest { RequestId = released.Id }).ResponseAsync,
            r => r.Committees.All(c => c.ReceivedAt is not null), "both receipts recorded");
        Assert.All(status.Committees, c => Assert.Equal(released.Current.Digest, c.ReceivedDigest));
        Assert.All(status.Committees, c => Assert.Equal(mit.ReceivedAt, c.ReceivedAt));
        Assert.False(status.DigestAlarm);
    }

    [Fact]
    public async Task A_burst_of_releases_lands_on_both_desks_in_one_order_each_with_one_received_at_and_no_gap()
    {
        var drafts = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _szw.DraftRequestAsync(Requests.Draft()).ResponseAsync));
        var released = await Task.WhenAll(drafts.Select(d => _vws.CoSignAsync(Requests.CoSign(d)).ResponseAsync));
        var ids = released.Select(r => r.Id).ToHashSet();

        async Task<List<DeskEntry>> Desk(CommitteeDesks.CommitteeDesksClient desk, Committee committee) => (await Eventually.Get(
            async () => (await desk.ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries.ToList(),
            es => ids.All(id => es.Any(e => e.RequestId == id && e.Kind == DeskEntryKind.Released)), $"{committee} desk holds all 24 releases"));
        var mit = await Desk(_mitDesk, Committee.Mit);
        var omt = await Desk(_omtDesk, Committee.Omt);

        // Every desk's positions run 1, 2, 3, … without a gap or a repeat.
        Assert.Equal(Enumerable.Range(1, mit.Count).Select(i => (long)i), mit.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(1, omt.Count).Select(i => (long)i), omt.Select(e => e.Position));
        var mitBurst = mit.Where(e => ids.Contains(e.RequestId)).ToList();
        var omtBurst = omt.Where(e => ids.Contains(e.RequestId)).ToList();
        // Each release exactly once per desk, in the same order on both, with one received_at and the released digest.
        Assert.Equal(24, mitBurst.Count);
        Assert.Equal(mitBurst.Select(e => (e.RequestId, e.ReceivedAt, e.Digest)), omtBurst.Select(e => (e.RequestId, e.ReceivedAt, e.Digest)));
        Assert.All(released, r => Assert.Equal(r.Current.Digest, mitBurst.Single(e => e.RequestId == r.Id).Digest));
    }

    [Fact]
    public async Task Acknowledging_another_digest_raises_the_alarm_both_ministries_see()
    {
        var released = await Released();
        var mit = await OnDesk(_mitDesk, Committee.Mit, released.Id, 1);
        await OnDesk(_omtDesk, Committee.Omt, released.Id, 1);

        await _mitDesk.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest
        { IdempotencyKey = Requests.Key(), Committee = Committee.Mit, RequestId = released.Id, Version = 1, Digest = mit.Digest });
        await _omtDesk.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest
        { IdempotencyKey = Requests.Key(), Committee = Committee.Omt, RequestId = released.Id, Version = 1, Digest = new string('0', 64) });

        foreach (var ministry in new[] { _szw, _vws })
        {
            var seen = await Eventually.Get(() => ministry.GetRequestAsync(new GetRequestRequest { RequestId = released.Id }).ResponseAsync,
                r => r.DigestAlarm, "digest alarm visible");
            var omt = seen.Committees.Single(c => c.Committee == Committee.Omt);
            Assert.True(omt.DigestMismatch);
            Assert.Equal(new string('0', 64), omt.AcknowledgedDigest);
            var mitStatus = seen.Committees.Single(c => c.Committee == Committee.Mit);
            Assert.False(mitStatus.DigestMismatch);
            Assert.Equal(mit.Digest, mitStatus.AcknowledgedDigest);
        }
    }

    [Fact]
    public async Task An_amendment_is_released_to_both_desks_as_a_new_version_after_co_signing()
    {
        var released = await Released();
        var changed = Requests.Content("Which measures are proportionate, now that the variant spreads faster?");
        var amended = await _vws.AmendAsync(new AmendRequest { IdempotencyKey = Requests.Key(), RequestId = released.Id, Content = changed });
        Assert.Equal(2, amended.Pending.Number);
        Assert.Equal(1, amended.ReleasedVersion);

        // The amendment was drafted by VWS, so SZW co-signs it.
        var second = await _szw.CoSignAsync(Requests.CoSign(amended));

        Assert.Equal(2, second.ReleasedVersion);
        Assert.NotEqual(released.Current.Digest, second.Current.Digest);
        Assert.Equal(second.Current.Digest, (await OnDesk(_mitDesk, Committee.Mit, released.Id, 2)).Digest);
        Assert.Equal(second.Current.Digest, (await OnDesk(_omtDesk, Committee.Omt, released.Id, 2)).Digest);
    }

    [Fact]
    public async Task A_declined_draft_goes_back_to_the_drafter_who_revises_it()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var declined = await _vws.DeclineCoSigningAsync(new DeclineCoSigningRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Reason = "Add the RIVM advice to the package" });
        Assert.Equal(RequestState.Declined, declined.State);
        Assert.Equal("Add the RIVM advice to the package", declined.Current.DeclineReason);

        var revised = await _szw.ReviseDraftAsync(new ReviseDraftRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Content = Requests.Content("Revised question") });
        Assert.Equal(RequestState.AwaitingCoSignature, revised.State);
        var released = await _vws.CoSignAsync(Requests.CoSign(revised));
        Assert.Equal("Revised question", released.Current.Content.Question);
    }

    [Fact]
    public async Task A_withdrawn_draft_never_reaches_a_desk()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var withdrawn = await _szw.WithdrawAsync(new WithdrawRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Reason = "Asked in another way" });
        Assert.Equal(RequestState.Withdrawn, withdrawn.State);
        var e = await Assert.ThrowsAsync<RpcException>(() => _vws.CoSignAsync(Requests.CoSign(draft)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        var mit = await _mitDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 });
        Assert.DoesNotContain(mit.Entries, x => x.RequestId == draft.Id);
    }

    [Fact]
    public async Task Related_requests_are_linked_and_both_desks_see_the_link()
    {
        var released = await Released();
        var other = await Released();
        await _vws.LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = released.Id, ExternalReference = "RIVM Respons Team advice on travellers", Note = "asked by VWS earlier" });
        var linked = await _szw.LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = released.Id, RelatedRequestId = other.Id });

        Assert.Equal(2, linked.Related.Count);
        foreach (var (desk, committee) in new[] { (_mitDesk, Committee.Mit), (_omtDesk, Committee.Omt) })
        {
            var entries = await Eventually.Get(
                async () => (await desk.ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries,
                es => es.Count(x => x.RequestId == released.Id && x.Kind == DeskEntryKind.Linked) == 2, $"{committee} desk shows both links");
            Assert.Contains(entries, x => x.RequestId == released.Id && x.ExternalReference == "RIVM Respons Team advice on travellers" && x.Note == "asked by VWS earlier");
            Assert.Contains(entries, x => x.RequestId == released.Id && x.RelatedRequestId == other.Id);
        }
    }

    [Fact]
    public async Task A_link_to_an_unreleased_draft_is_refused_and_no_desk_learns_its_id()
    {
        var released = await Released();
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var e = await Assert.ThrowsAsync<RpcException>(() => _szw.LinkRelatedAsync(new LinkRelatedRequest
            { IdempotencyKey = Requests.Key(), RequestId = released.Id, RelatedRequestId = draft.Id }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Empty((await _szw.GetRequestAsync(new GetRequestRequest { RequestId = released.Id })).Related);
        var mit = await _mitDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 });
        Assert.DoesNotContain(mit.Entries, x => x.RelatedRequestId == draft.Id);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_result()
    {
        var request = Requests.Draft();
        var first = await _szw.DraftRequestAsync(request);
        var retry = await _szw.DraftRequestAsync(request);
        Assert.Equal(first, retry);

        var coSign = Requests.CoSign(first);
        var released = await _vws.CoSignAsync(coSign);
        var again = await _vws.CoSignAsync(coSign);
        Assert.Equal(released, again);
        Assert.Equal(1, again.ReleasedVersion);

        var reused = request.Clone();
        reused.Content.Question = "Another question under the same key";
        var e = await Assert.ThrowsAsync<RpcException>(() => _szw.DraftRequestAsync(reused).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
    }

    [Fact]
    public async Task Committees_see_a_request_only_from_its_release_on()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var member = platform.Requests(Persona.MitMember);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => member.GetRequestAsync(new GetRequestRequest { RequestId = draft.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain((await member.ListRequestsAsync(new ListRequestsRequest { PageSize = 100 })).Requests, r => r.Id == draft.Id);

        await _vws.CoSignAsync(Requests.CoSign(draft));
        var seen = await member.GetRequestAsync(new GetRequestRequest { RequestId = draft.Id });
        Assert.Equal(RequestState.Released, seen.State);
    }
}
