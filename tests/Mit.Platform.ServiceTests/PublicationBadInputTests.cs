using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Bad input and illegal steps get precise statuses with the fields at fault, and change nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicationBadInputTests(PlatformFixture platform)
{
    private readonly Dossiers _dossiers = new(platform);

    private static async Task<RpcException> Refused(StatusCode expected, Func<Task> call, params string[] fields)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, e.StatusCode);
        if (fields.Length > 0)
        {
            var violations = e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
            Assert.Equivalent(fields, violations);
        }
        return e;
    }

    [Fact]
    public async Task An_advice_text_that_is_not_the_adopted_one_is_refused_and_the_dossier_is_unchanged()
    {
        var released = await _dossiers.ReleasedAsync();
        var before = await _dossiers.AdoptAsync(released.Id, "MIT", Dossiers.Text("the adopted text"));
        var secretariat = _dossiers.As(Dossiers.MitSecretariat);

        await Refused(StatusCode.InvalidArgument, () => _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, Dossiers.Text("another text")), "content");
        await Refused(StatusCode.InvalidArgument, () => secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, Committee = Committee.Mit, MediaType = "application/x-msdownload",
            Content = ByteString.CopyFrom(Dossiers.Text("the adopted text")),
        }).ResponseAsync, "media_type");
        await Refused(StatusCode.InvalidArgument, () => secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = "not-an-id", Committee = Committee.Mit, MediaType = "text/plain",
        }).ResponseAsync, "request_id");
        await Refused(StatusCode.InvalidArgument, () => secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, MediaType = "text/plain", Content = ByteString.CopyFromUtf8("x"),
        }).ResponseAsync, "committee");
        await Refused(StatusCode.ResourceExhausted, () => secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, Committee = Committee.Mit, MediaType = "application/pdf",
            Content = ByteString.CopyFrom(new byte[950 * 1024]),
        }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, () => secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            RequestId = released.Id, Committee = Committee.Mit, MediaType = "text/plain", Content = ByteString.CopyFrom(Dossiers.Text("the adopted text")),
        }).ResponseAsync, "idempotency_key");
        // The OMT has not adopted anything: there is no advice to upload a text for.
        await Refused(StatusCode.FailedPrecondition, () => _dossiers.UploadAsync(Dossiers.OmtSecretary, released.Id, Committee.Omt, Dossiers.Text("x")));
        await Refused(StatusCode.NotFound, () => _dossiers.UploadAsync(Dossiers.MitSecretariat, Guid.NewGuid().ToString(), Committee.Mit, Dossiers.Text("x")));

        var after = await _dossiers.TryGet(released.Id);
        Assert.Equal(before.ToString(), after!.ToString());
        Assert.Equal(DocumentState.AwaitingText, Dossiers.AdviceOf(after, Committee.Mit).State);
    }

    [Fact]
    public async Task Steps_out_of_order_are_FailedPrecondition_and_bad_records_InvalidArgument_with_nothing_changed()
    {
        var released = await _dossiers.ReleasedAsync();
        var text = Dossiers.Text("MIT advice " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "MIT", text);
        var dossier = (await _dossiers.TryGet(released.Id))!;
        var advice = Dossiers.AdviceOf(dossier, Committee.Mit);
        var officer = _dossiers.As(Dossiers.Officer);

        // No text yet: not to the SG; not to parliament before the SG; not withdrawn before published.
        await Refused(StatusCode.FailedPrecondition, () => _dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, advice.Id));
        await _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, text);
        await Refused(StatusCode.FailedPrecondition, () => _dossiers.ToParliamentAsync(released.Id, advice.Id));
        await Refused(StatusCode.FailedPrecondition, () => officer.WithdrawDocumentAsync(new WithdrawDocumentRequest
        { IdempotencyKey = Requests.Key(), DossierId = released.Id, DocumentId = advice.Id, Reason = "r" }).ResponseAsync);
        // The MIT advised: it cannot also be recorded as not having advised.
        await Refused(StatusCode.FailedPrecondition, () => officer.RecordNoAdviceAsync(new RecordNoAdviceRequest
        { IdempotencyKey = Requests.Key(), RequestId = released.Id, Committee = Committee.Mit, Reason = "r" }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, () => officer.RecordNoAdviceAsync(new RecordNoAdviceRequest
        { IdempotencyKey = Requests.Key(), RequestId = released.Id, Committee = Committee.Omt, Reason = "  " }).ResponseAsync, "reason");

        // Sealed (the OMT has not adopted): not to the SG either; the OMT's adoption lifts the seal.
        await Refused(StatusCode.FailedPrecondition, () => _dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, advice.Id));
        await _dossiers.AdoptAsync(released.Id, "OMT", Dossiers.Text("OMT advice " + Guid.NewGuid()));
        await _dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, advice.Id);
        await Refused(StatusCode.InvalidArgument, () => officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        { IdempotencyKey = Requests.Key(), DossierId = released.Id, DocumentId = advice.Id }).ResponseAsync, "sent_at");
        await Refused(StatusCode.InvalidArgument, () => officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = released.Id, DocumentId = advice.Id, KamerbriefReference = "",
            SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }).ResponseAsync, "kamerbrief_reference");
        await Refused(StatusCode.InvalidArgument, () => officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = released.Id, DocumentId = advice.Id, KamerbriefReference = "K 1",
            SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
        }).ResponseAsync, "sent_at");
        await Refused(StatusCode.InvalidArgument, () => officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = "x" }).ResponseAsync, "dossier_id");
        await Refused(StatusCode.InvalidArgument, () => officer.WithdrawDocumentAsync(new WithdrawDocumentRequest
        { IdempotencyKey = Requests.Key(), DossierId = "x", DocumentId = "y", Reason = "r" }).ResponseAsync, "dossier_id", "document_id");
        await Refused(StatusCode.NotFound, () => _dossiers.ToParliamentAsync(released.Id, Guid.NewGuid().ToString()));

        var after = (await _dossiers.TryGet(released.Id))!;
        Assert.Equal(DocumentState.SentToPrincipal, Dossiers.AdviceOf(after, Committee.Mit).State);
        Assert.Empty(after.NoAdvice);
        Assert.Empty(await _dossiers.PublicAsync(released.Id));
    }

    [Fact]
    public async Task A_retried_publication_with_the_same_key_answers_the_first_result()
    {
        var ready = await _dossiers.ReadyToPublishAsync();
        var request = new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = ready.Id };
        var first = await _dossiers.As(Dossiers.Officer).PublishDossierAsync(request);
        var retry = await _dossiers.As(Dossiers.Officer).PublishDossierAsync(request);
        Assert.Equal(first, retry);
        Assert.Equal(2, (await _dossiers.PublicAsync(ready.Id)).Count);
    }
}
