using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Each bad input gets its precise status and leaves nothing written.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform)
{
    private readonly V1.AdviceRequests.AdviceRequestsClient _szw = platform.Requests(Persona.SzwRequester);
    private readonly V1.AdviceRequests.AdviceRequestsClient _vws = platform.Requests(Persona.VwsRequester);

    private async Task<HashSet<string>> AllRequestIds()
    {
        var ids = new HashSet<string>();
        var token = "";
        do
        {
            var page = await _szw.ListRequestsAsync(new ListRequestsRequest { PageSize = 100, PageToken = token });
            ids.UnionWith(page.Requests.Select(r => r.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    /// <summary>The call fails with the code (and field, for InvalidArgument) and no request was stored.</summary>
    private Task<RpcException> RefusedWithoutTrace(Func<Task> call, StatusCode code, string? field = null) =>
        Composition.RefusedWithoutChange(AllRequestIds, call, code, field);

    [Fact]
    public Task Empty_question_is_invalid() =>
        RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(Requests.Content(question: "  "))).ResponseAsync, StatusCode.InvalidArgument, "content.question");

    [Fact]
    public Task More_measures_than_the_limit_is_invalid()
    {
        var content = Requests.Content();
        content.Measures.Clear();
        content.Measures.AddRange(Enumerable.Range(0, 51).Select(i => new ProposedMeasure { Name = $"Measure {i}" }));
        return RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(content)).ResponseAsync, StatusCode.InvalidArgument, "content.measures");
    }

    [Fact]
    public Task More_attachments_than_the_limit_is_invalid()
    {
        var content = Requests.Content();
        content.Attachments.Clear();
        content.Attachments.AddRange(Enumerable.Range(0, 101).Select(i => new Attachment { Name = $"file-{i}.pdf", MediaType = "application/pdf", SizeBytes = 10, Sha256 = new string('b', 64) }));
        return RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(content)).ResponseAsync, StatusCode.InvalidArgument, "content.attachments");
    }

    [Fact]
    public Task Attachment_without_a_valid_sha256_is_invalid()
    {
        var content = Requests.Content();
        content.Attachments[0].Sha256 = "not-a-digest";
        return RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(content)).ResponseAsync, StatusCode.InvalidArgument, "content.attachments[0].sha256");
    }

    [Fact]
    public async Task Unknown_ministry_is_invalid()
    {
        await RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(coSigner: Ministry.Unspecified)).ResponseAsync, StatusCode.InvalidArgument, "co_signing_ministry");
        await RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(coSigner: (Ministry)42)).ResponseAsync, StatusCode.InvalidArgument, "co_signing_ministry");
        await RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(coSigner: Ministry.Szw)).ResponseAsync, StatusCode.InvalidArgument, "co_signing_ministry");
    }

    [Fact]
    public async Task Co_signing_by_the_drafting_ministry_is_refused_and_releases_nothing()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var colleague = platform.Requests(Persona.SzwColleague);
        var e = await Assert.ThrowsAsync<RpcException>(() => colleague.CoSignAsync(Requests.CoSign(draft)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        var after = await _szw.GetRequestAsync(new GetRequestRequest { RequestId = draft.Id });
        Assert.Equal(RequestState.AwaitingCoSignature, after.State);
    }

    [Fact]
    public async Task Co_signing_twice_is_a_failed_precondition()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        await _vws.CoSignAsync(Requests.CoSign(draft));
        var e = await Assert.ThrowsAsync<RpcException>(() => _vws.CoSignAsync(Requests.CoSign(draft)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(1, (await _szw.GetRequestAsync(new GetRequestRequest { RequestId = draft.Id })).ReleasedVersion);
    }

    [Fact]
    public async Task Co_signing_another_digest_than_the_pending_one_is_refused()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var coSign = Requests.CoSign(draft);
        coSign.Digest = new string('c', 64);
        var e = await Assert.ThrowsAsync<RpcException>(() => _vws.CoSignAsync(coSign).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
    }

    [Fact]
    public async Task Amending_a_draft_is_a_failed_precondition()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        var e = await Assert.ThrowsAsync<RpcException>(() => _szw.AmendAsync(new AmendRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Content = Requests.Content("changed") }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        var after = await _szw.GetRequestAsync(new GetRequestRequest { RequestId = draft.Id });
        Assert.Equal(draft.Current.Digest, after.Current.Digest);
    }

    [Fact]
    public async Task Unknown_request_is_not_found_and_a_malformed_id_is_invalid()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => _szw.GetRequestAsync(new GetRequestRequest { RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => _szw.GetRequestAsync(new GetRequestRequest { RequestId = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }

    [Fact]
    public Task Missing_idempotency_key_is_invalid()
    {
        var draft = Requests.Draft();
        draft.IdempotencyKey = "";
        return RefusedWithoutTrace(() => _szw.DraftRequestAsync(draft).ResponseAsync, StatusCode.InvalidArgument, "idempotency_key");
    }

    [Fact]
    public Task A_message_over_the_service_size_limit_is_resource_exhausted() =>
        RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(Requests.Content(new string('q', 2 * 1024 * 1024)))).ResponseAsync, StatusCode.ResourceExhausted);

    [Fact]
    public Task A_message_over_the_gateway_size_limit_is_resource_exhausted() =>
        RefusedWithoutTrace(() => _szw.DraftRequestAsync(Requests.Draft(Requests.Content(new string('q', 6 * 1024 * 1024)))).ResponseAsync, StatusCode.ResourceExhausted);

    [Fact]
    public async Task Bytes_that_are_not_protobuf_are_invalid_argument_not_unknown()
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "mit.platform.v1.AdviceRequests", "DraftRequest",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = platform.Invoker(platform.Token(Persona.SzwRequester));
        // Field 2 (content) claims 100 bytes but the message ends after 3: truncated, not protobuf.
        byte[] garbage = [0x12, 0x64, 0x0a, 0x01, 0x41];
        await RefusedWithoutTrace(() => invoker.AsyncUnaryCall(raw, null, new CallOptions(), garbage).ResponseAsync, StatusCode.InvalidArgument);
    }
}

/// <summary>Times a caller sends are read by one helper: beyond a year ahead or before the platform, InvalidArgument naming the field.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TimeBoundsTests(PlatformFixture platform)
{
    private Task DraftWithDeadline(DateTimeOffset deadline)
    {
        var content = Requests.Content();
        content.Urgency = Urgency.Regular;
        content.Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(deadline);
        return platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft(content)).ResponseAsync;
    }

    [Fact]
    public async Task A_deadline_more_than_a_year_ahead_is_invalid()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => DraftWithDeadline(DateTimeOffset.UtcNow.AddDays(400)));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("content.deadline", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deadline_before_the_platform_existed_is_invalid()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => DraftWithDeadline(new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("content.deadline: is before 2020-01-01", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sharing_end_date_more_than_a_year_ahead_is_invalid()
    {
        var chair = platform.Briefings("omt-chair");
        var e = await Assert.ThrowsAsync<RpcException>(() => chair.ProposeSharingAsync(new ProposeSharingRequest
        {
            IdempotencyKey = Requests.Key(),
            RequestId = Guid.NewGuid().ToString(),
            Audience = SharingAudience.MembersAndChair,
            Until = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(5)),
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("until", e.Status.Detail, StringComparison.Ordinal);
    }
}
