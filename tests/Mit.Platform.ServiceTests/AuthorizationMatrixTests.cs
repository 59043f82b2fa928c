using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Every RPC × every persona (all demo personas, test users of other organisations, a service client) against one
/// table of who may do what. A persona outside a row's allowed set must be refused (PermissionDenied, or NotFound
/// where existence itself is hidden): 0 false allows. An allowed persona must not be refused. A new RPC without a
/// row fails the test.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AuthorizationMatrixTests(PlatformFixture platform)
{
    private static readonly string[] Requesters = ["szw-requester", "vws-requester", "szw-colleague"];
    private static readonly string[] Mit = ["mit-chair", "mit-member", "mit-expert", "mit-secretariat"];
    private static readonly string[] Omt = ["omt-chair", "omt-secretary", "omt-member"];
    private static readonly string[] CommitteeReaders = [.. Mit, .. Omt];
    private static readonly string[] ServiceClient = ["service:" + PlatformFixture.ServiceClientId];

    // The requesting ministries: SZW and VWS policy officers, the ministers, the VWS delegate, the SG SZW.
    private static readonly string[] Ministries = ["szw-requester", "szw-colleague", "vws-requester", "szw-minister", "sg-szw", "vws-minister", "vws-delegate"];
    private static readonly string[] StandbyReaders = ["cpo", "sg-szw", "szw-minister"];

    private static readonly string[] Everyone =
    [
        "szw-requester", "sg-szw", "vws-requester", "vws-minister", "vws-delegate", "omt-chair", "omt-secretary", "omt-member",
        "mit-chair", "mit-member", "mit-expert", "mit-secretariat", "cpo", "szw-publication", "operator", "szw-minister", "auditor",
        "szw-colleague", "rivm-requester", .. ServiceClient,
    ];

    /// <summary>Who makes a call: the channel with their token, and their token's subject.</summary>
    private sealed record Who(CallInvoker Invoker, string Subject);

    /// <summary>One row: an RPC in a situation, who may call it, and how others are refused.</summary>
    private sealed record Row(string Rpc, string Situation, string[] Allowed, Func<Task<object>> Setup,
        Func<Who, object, Task> Call, StatusCode Refusal = StatusCode.PermissionDenied, string[]? Hidden = null);

    private Who WhoIs(string persona)
    {
        var token = Token(persona);
        return new Who(platform.Invoker(token), new JsonWebToken(token).Subject);
    }

    private V1.AdviceRequests.AdviceRequestsClient As(string persona) => new(platform.Invoker(Token(persona)));

    private string Token(string persona)
    {
        if (persona.StartsWith("service:", StringComparison.Ordinal))
        {
            return platform.RequestToken(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = PlatformFixture.ServiceClientId,
                ["client_secret"] = platform.ServiceClientSecret, ["scope"] = "advice-requests committees briefings publication",
            }).GetAwaiter().GetResult().AccessToken!;
        }
        return platform.Token(Persona.SzwRequester with { UserName = persona }, "advice-requests committees briefings publication");
    }

    private async Task<object> DraftBySzw() => await As("szw-requester").DraftRequestAsync(Requests.Draft());

    private async Task<object> Released()
    {
        var draft = await As("szw-requester").DraftRequestAsync(Requests.Draft());
        return await As("vws-requester").CoSignAsync(Requests.CoSign(draft));
    }

    private async Task<object> ReleasedOnDesks() => await platform.ReleasedOnBothDesks();

    private static Task<object> Nothing() => Task.FromResult<object>(new object());

    private static async Task Watch(Who who, Committee committee)
    {
        using var call = new CommitteeDesks.CommitteeDesksClient(who.Invoker).WatchDesk(new WatchDeskRequest { Committee = committee },
            deadline: DateTime.UtcNow.AddSeconds(2));
        await call.ResponseStream.MoveNext();
    }

    private IEnumerable<Row> Table() => RequestAndDeskRows().Concat(PublicationRows()).Concat(UnsolicitedRows());

    private IEnumerable<Row> RequestAndDeskRows()
    {
        static V1.AdviceRequests.AdviceRequestsClient R(Who w) => new(w.Invoker);
        static CommitteeDesks.CommitteeDesksClient D(Who w) => new(w.Invoker);
        static AdviceRequest A(object o) => (AdviceRequest)o;
        string[] mitDesk = ["mit-secretariat", "mit-chair"];
        string[] omtDesk = ["omt-secretary", "omt-chair"];

        yield return new("AdviceRequests/DraftRequest", "new", Requesters, Nothing, (i, _) => R(i).DraftRequestAsync(Requests.Draft()).ResponseAsync);
        yield return new("AdviceRequests/ReviseDraft", "drafted by SZW", ["szw-requester", "szw-colleague"], DraftBySzw,
            (i, s) => R(i).ReviseDraftAsync(new ReviseDraftRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Content = Requests.Content("revised") }).ResponseAsync);
        yield return new("AdviceRequests/CoSign", "drafted by SZW", ["vws-requester"], DraftBySzw,
            (i, s) => R(i).CoSignAsync(Requests.CoSign(A(s))).ResponseAsync);
        yield return new("AdviceRequests/DeclineCoSigning", "drafted by SZW", ["vws-requester"], DraftBySzw,
            (i, s) => R(i).DeclineCoSigningAsync(new DeclineCoSigningRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Reason = "no" }).ResponseAsync);
        yield return new("AdviceRequests/Withdraw", "drafted by SZW", ["szw-requester", "szw-colleague"], DraftBySzw,
            (i, s) => R(i).WithdrawAsync(new WithdrawRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Reason = "no longer needed" }).ResponseAsync);
        yield return new("AdviceRequests/Amend", "released", Requesters, Released,
            (i, s) => R(i).AmendAsync(new AmendRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Content = Requests.Content("amended " + Guid.NewGuid()) }).ResponseAsync);
        yield return new("AdviceRequests/LinkRelated", "released", Requesters, Released,
            (i, s) => R(i).LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, ExternalReference = "ref " + Guid.NewGuid() }).ResponseAsync);
        yield return new("AdviceRequests/GetRequest", "released", [.. Requesters, .. CommitteeReaders], Released,
            (i, s) => R(i).GetRequestAsync(new GetRequestRequest { RequestId = A(s).Id }).ResponseAsync);
        yield return new("AdviceRequests/GetRequest", "draft (hidden from committees)", Requesters, DraftBySzw,
            (i, s) => R(i).GetRequestAsync(new GetRequestRequest { RequestId = A(s).Id }).ResponseAsync, Hidden: CommitteeReaders);
        yield return new("AdviceRequests/ListRequests", "any", [.. Requesters, .. CommitteeReaders], Nothing,
            (i, _) => R(i).ListRequestsAsync(new ListRequestsRequest()).ResponseAsync);
        foreach (var (committee, allowed) in new[] { (Committee.Mit, mitDesk), (Committee.Omt, omtDesk) })
        {
            yield return new("CommitteeDesks/ListDesk", $"{committee} desk", allowed, Nothing,
                (i, _) => D(i).ListDeskAsync(new ListDeskRequest { Committee = committee }).ResponseAsync);
            yield return new("CommitteeDesks/WatchDesk", $"{committee} desk", allowed, ReleasedOnDesks, (i, _) => Watch(i, committee));
            yield return new("CommitteeDesks/AcknowledgeReceipt", $"{committee} desk", allowed, ReleasedOnDesks,
                (i, s) => D(i).AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest
                { IdempotencyKey = Requests.Key(), Committee = committee, RequestId = A(s).Id, Version = 1, Digest = A(s).Current.Digest }).ResponseAsync);
        }
        foreach (var row in CompositionRows().Concat(StandbyRows()).Concat(BriefingsRows()))
        {
            yield return row;
        }
    }

    /// <summary>Composition, membership, declarations, adoption and advice, as CompositionPolicies says.</summary>
    private IEnumerable<Row> CompositionRows()
    {
        static CommitteeComposition.CommitteeCompositionClient C(Who w) => new(w.Invoker);
        static V1.Composition Now(object o) => (V1.Composition)o;
        static AdviceRequest A(object o) => (AdviceRequest)o;

        foreach (var (committee, manager) in new[] { (Committee.Mit, Persona.SzwMinister), (Committee.Omt, Persona.OmtChair) })
        {
            string[] managers = [manager.UserName];
            async Task<object> InOffice() => await platform.CompositionOf(committee);
            // A seat without a part in the decision, so the demo committees decide as before.
            AppointRequest FreshSeat(string from)
            {
                var request = Composition.Appointment(committee, committee == Committee.Mit ? SeatKind.Secretariat : SeatKind.InvitedExpert, from);
                request.Topic = committee == Committee.Omt ? "Authorization matrix" : "";
                return request;
            }
            async Task<object> Seated() => await platform.Committees(manager).AppointAsync(FreshSeat((await platform.CompositionOf(committee)).AsOf));

            // Refused by rule once past the gate, so no committee is established and no term extended.
            yield return new("CommitteeComposition/EstablishCommittee", $"{committee} overlapping the one in office", managers, InOffice,
                (w, s) => C(w).EstablishCommitteeAsync(new EstablishCommitteeRequest
                { IdempotencyKey = Requests.Key(), Committee = committee, DecreeReference = "Matrix decree", TermStart = Now(s).AsOf, TermEnd = Composition.Plus(Now(s).AsOf, 365) }).ResponseAsync);
            yield return new("CommitteeComposition/ExtendTerm", $"{committee} to its current end", managers, InOffice,
                (w, s) => C(w).ExtendTermAsync(new ExtendTermRequest { IdempotencyKey = Requests.Key(), Committee = committee, NewEnd = Now(s).Committee.TermEnd }).ResponseAsync);
            yield return new("CommitteeComposition/Appoint", $"{committee} fresh subject without a vote", managers, InOffice,
                (w, s) => C(w).AppointAsync(FreshSeat(Now(s).AsOf)).ResponseAsync);
            yield return new("CommitteeComposition/EndAppointment", $"{committee} appointment made for this row", managers, Seated,
                (w, s) => C(w).EndAppointmentAsync(Composition.Ending((Seat)s, ((Seat)s).From)).ResponseAsync);
            yield return new("CommitteeComposition/GetComposition", $"{committee}", Everyone, Nothing,
                (w, _) => C(w).GetCompositionAsync(new GetCompositionRequest { Committee = committee }).ResponseAsync);
        }
        yield return new("CommitteeComposition/CheckMembership", "about yourself", Everyone, Nothing,
            (w, _) => C(w).CheckMembershipAsync(new CheckMembershipRequest { Subject = w.Subject, Committee = Committee.Mit }).ResponseAsync);
        yield return new("CommitteeComposition/CheckMembership", "about another subject", [.. ServiceClient, "szw-minister", "omt-chair", "mit-chair"], Nothing,
            (w, _) => C(w).CheckMembershipAsync(new CheckMembershipRequest { Subject = Composition.Subject(Persona.MitChair), Committee = Committee.Mit }).ResponseAsync);
        yield return new("CommitteeComposition/DeclareInterests", "MIT, for yourself", CommitteeReaders, Nothing,
            (w, _) => C(w).DeclareInterestsAsync(new DeclareInterestsRequest { IdempotencyKey = Requests.Key(), Committee = Committee.Mit, Interests = "Board member of a fictional foundation" }).ResponseAsync);
        yield return new("CommitteeComposition/DeclareConflict", "MIT, on a request on its desk", CommitteeReaders, ReleasedOnDesks,
            (w, s) => C(w).DeclareConflictAsync(new DeclareConflictRequest { IdempotencyKey = Requests.Key(), Committee = Committee.Mit, RequestId = A(s).Id, Reason = "Advised the ministry on this" }).ResponseAsync);
        yield return new("CommitteeComposition/ActForSeat", "fresh CPB substitute, request on the desk", ["mit-chair", "mit-secretariat"], async () =>
            {
                var today = (await platform.CompositionOf(Committee.Mit)).AsOf;
                var substitute = await platform.Committees(Persona.SzwMinister).AppointAsync(
                    Composition.Appointment(Committee.Mit, SeatKind.Substitute, today, institution: ExpertInstitution.Cpb));
                return (substitute, await platform.ReleasedOnBothDesks());
            },
            (w, s) =>
            {
                var (substitute, request) = ((Seat, AdviceRequest))s;
                return C(w).ActForSeatAsync(new ActForSeatRequest { IdempotencyKey = Requests.Key(), AppointmentId = substitute.AppointmentId, RequestId = request.Id }).ResponseAsync;
            });
        yield return new("CommitteeComposition/AdoptAdvice", "request on the MIT desk", ["mit-chair"], ReleasedOnDesks,
            (w, s) => C(w).AdoptAdviceAsync(Composition.AdoptionByBoth(A(s).Id)).ResponseAsync);
        yield return new("CommitteeComposition/RecordConsensus", "request on the OMT desk", ["omt-chair"], ReleasedOnDesks,
            (w, s) => C(w).RecordConsensusAsync(Composition.Consensus(A(s).Id)).ResponseAsync);
        yield return new("CommitteeComposition/GetAdvice", "request on both desks", [.. CommitteeReaders, .. Ministries], ReleasedOnDesks,
            (w, s) => C(w).GetAdviceAsync(new GetAdviceRequest { RequestId = A(s).Id }).ResponseAsync);
    }

    /// <summary>
    /// The standby, as CompositionPolicies says. There is one per platform: rows never begin a second one (the begin
    /// replays the shared key) and never activate (the signal is unanswered), whatever the standby tests did before.
    /// </summary>
    private IEnumerable<Row> StandbyRows()
    {
        static V1.Standby.StandbyClient S(Who w) => new(w.Invoker);
        string[] cpo = ["cpo"];
        async Task<object> Begun() => await platform.StandbyNow();
        async Task<object> Candidate()
        {
            var subject = Composition.Fresh("candidate");
            if ((await platform.StandbyNow()).Active)
            {
                await platform.Standby(Persona.Cpo).PutCandidateAsync(new PutCandidateRequest { IdempotencyKey = Requests.Key(), Candidate = Card(subject) });
            }
            return subject;
        }
        async Task<object> Signal() => (await platform.StandbyNow()).Active
            ? (await platform.Standby(Persona.Cpo).RaiseSignalAsync(Composition.Signal(SignalRoute.OwnInitiative))).SignalId
            : Guid.NewGuid().ToString();
        static Candidate Card(string subject) => new() { Subject = subject, Name = "Matrix candidate", Availability = Availability.Available, Expertise = { "authorization matrix" } };

        yield return new("Standby/BeginStandby", "again, with the key that began it (replayed)", cpo, Begun,
            (w, _) => S(w).BeginStandbyAsync(new BeginStandbyRequest { IdempotencyKey = Composition.StandbyBeginKey }).ResponseAsync);
        yield return new("Standby/GetStandby", "begun", StandbyReaders, Begun, (w, _) => S(w).GetStandbyAsync(new GetStandbyRequest()).ResponseAsync);
        yield return new("Standby/GetCoverage", "begun", StandbyReaders, Begun, (w, _) => S(w).GetCoverageAsync(new GetCoverageRequest()).ResponseAsync);
        yield return new("Standby/PutCandidate", "fresh candidate", cpo, Begun,
            (w, _) => S(w).PutCandidateAsync(new PutCandidateRequest { IdempotencyKey = Requests.Key(), Candidate = Card(Composition.Fresh("candidate")) }).ResponseAsync);
        yield return new("Standby/RemoveCandidate", "candidate put for this row", cpo, Candidate,
            (w, s) => S(w).RemoveCandidateAsync(new RemoveCandidateRequest { IdempotencyKey = Requests.Key(), Subject = (string)s }).ResponseAsync);
        yield return new("Standby/RaiseSignal", "own initiative", cpo, Begun, (w, _) => S(w).RaiseSignalAsync(Composition.Signal(SignalRoute.OwnInitiative)).ResponseAsync);
        yield return new("Standby/AnswerSignal", "signal raised for this row", ["sg-szw"], Signal,
            (w, s) => S(w).AnswerSignalAsync(new AnswerSignalRequest { IdempotencyKey = Requests.Key(), SignalId = (string)s, Answer = SignalAnswer.Yes }).ResponseAsync);
        // The Development clock: operators only. The allowed call is refused as InvalidArgument (no amount), so the
        // shared platform's time never moves; DevelopmentClockTests advances a host of its own.
        yield return new("DevelopmentClock/GetClock", "any", ["operator"], Begun, (w, _) => new V1.DevelopmentClock.DevelopmentClockClient(w.Invoker).GetClockAsync(new GetClockRequest()).ResponseAsync);
        yield return new("DevelopmentClock/AdvanceClock", "no amount", ["operator"], Begun,
            (w, _) => new V1.DevelopmentClock.DevelopmentClockClient(w.Invoker).AdvanceClockAsync(new AdvanceClockRequest { IdempotencyKey = Requests.Key() }).ResponseAsync);
        // The standby inbox and its triggers. Yesterday (UTC) is a day the demo OMT sat and never in the future in Dutch time.
        var yesterday = Composition.Date(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        yield return new("Standby/RecordOmtMeeting", "yesterday", ["omt-secretary", "omt-chair"], Begun,
            (w, _) => S(w).RecordOmtMeetingAsync(new RecordOmtMeetingRequest { IdempotencyKey = Requests.Key(), MetOn = yesterday, Topic = "Matrix meeting" }).ResponseAsync);
        yield return new("Standby/RecordA1Classification", "begun", ["vws-requester", "vws-minister", "vws-delegate"], Begun,
            (w, _) => S(w).RecordA1ClassificationAsync(new RecordA1ClassificationRequest { IdempotencyKey = Requests.Key(), Disease = "Matrix disease", ClassifiedOn = yesterday }).ResponseAsync);
        yield return new("Standby/NoteOwnInitiative", "begun", cpo, Begun,
            (w, _) => S(w).NoteOwnInitiativeAsync(new NoteOwnInitiativeRequest { IdempotencyKey = Requests.Key(), Reason = "Matrix reason" }).ResponseAsync);
        yield return new("Standby/GetStandbyInbox", "begun", cpo, Begun, (w, _) => S(w).GetStandbyInboxAsync(new GetStandbyInboxRequest()).ResponseAsync);
        yield return new("Standby/WatchStandbyInbox", "begun", cpo, Begun, async (w, _) =>
        {
            using var call = S(w).WatchStandbyInbox(new WatchStandbyInboxRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
            await call.ResponseStream.MoveNext();
        });
        // Unanswered, so even the CPO's call sets nothing up (FailedPrecondition): the activation belongs to the standby tests.
        yield return new("Standby/Activate", "unanswered signal", cpo, Signal,
            (w, s) => S(w).ActivateAsync(new ActivateRequest { IdempotencyKey = Requests.Key(), SignalId = (string)s, DecreeReference = "Matrix decree", ChairSubject = "nobody" }).ResponseAsync);
    }

    /// <summary>The publication protocol (PublicationPolicies) and the anonymous public record.</summary>
    private IEnumerable<Row> PublicationRows()
    {
        static V1.Publication.PublicationClient P(Who w) => new(w.Invoker);
        static PublicRecords.PublicRecordsClient Pub(Who w) => new(w.Invoker);
        static Dossier Ds(object o) => ((Dossier, byte[]))o switch { var (d, _) => d };
        static string Doc(object o, Committee c) => Dossiers.AdviceOf(Ds(o), c).Id;
        var d = new Dossiers(platform);
        string[] readers = [.. CommitteeReaders, "szw-publication", "sg-szw"];
        string[] officer = ["szw-publication"];
        string[] mitSenders = ["mit-chair", "mit-secretariat"];
        string[] omtSenders = ["omt-chair", "omt-secretary"];
        async Task<object> With(Task<Dossier> dossier) => (await dossier, Array.Empty<byte>());
        async Task<object> Adopted(Committee committee)
        {
            var released = await d.ReleasedAsync();
            var text = Dossiers.Text($"{committee} advice {Guid.NewGuid()}");
            return (await d.AdoptAsync(released.Id, committee == Committee.Mit ? "MIT" : "OMT", text), text);
        }
        async Task<object> Uploaded()
        {
            var released = await d.ReleasedAsync();
            foreach (var (committee, secretariat) in new[] { (Committee.Mit, Dossiers.MitSecretariat), (Committee.Omt, Dossiers.OmtSecretary) })
            {
                var text = Dossiers.Text($"{committee} advice {Guid.NewGuid()}");
                await d.AdoptAsync(released.Id, committee == Committee.Mit ? "MIT" : "OMT", text);
                await d.UploadAsync(secretariat, released.Id, committee, text);
            }
            return ((await d.TryGet(released.Id))!, Array.Empty<byte>());
        }
        async Task<object> Published()
        {
            var ready = await d.ReadyToPublishAsync();
            return (await d.PublishDossierAsync(ready.Id), Array.Empty<byte>());
        }
        async Task<object> SentToPrincipals() => ((await d.BothSentToPrincipalsAsync()).Dossier, Array.Empty<byte>());
        Task Upload(Who i, object s, Committee c) => P(i).UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = Ds(s).Id, Committee = c, MediaType = "text/plain",
            Content = Google.Protobuf.ByteString.CopyFrom((((Dossier, byte[]))s).Item2),
        }).ResponseAsync;

        yield return new("Publication/GetDossier", "released", readers, () => With(d.ReleasedAsync()),
            (i, s) => P(i).GetDossierAsync(new GetDossierRequest { DossierId = Ds(s).Id }).ResponseAsync);
        yield return new("Publication/ListDossiers", "any", readers, Nothing, (i, _) => P(i).ListDossiersAsync(new ListDossiersRequest()).ResponseAsync);
        yield return new("Publication/UploadAdviceDocument", "MIT adopted", ["mit-secretariat"], () => Adopted(Committee.Mit), (i, s) => Upload(i, s, Committee.Mit));
        yield return new("Publication/UploadAdviceDocument", "OMT adopted", ["omt-secretary"], () => Adopted(Committee.Omt), (i, s) => Upload(i, s, Committee.Omt));
        yield return new("Publication/UploadReflection", "released", ["mit-expert"], () => With(d.ReleasedAsync()),
            (i, s) => P(i).UploadReflectionAsync(new UploadReflectionRequest
            { IdempotencyKey = Requests.Key(), RequestId = Ds(s).Id, Title = "Reflection", MediaType = "text/plain", Content = Google.Protobuf.ByteString.CopyFromUtf8("r") }).ResponseAsync);
        yield return new("Publication/UploadWorkProgramme", "new", ["mit-secretariat"], Nothing,
            (i, _) => P(i).UploadWorkProgrammeAsync(new UploadWorkProgrammeRequest
            { IdempotencyKey = Requests.Key(), Title = "Work programme", MediaType = "text/plain", Content = Google.Protobuf.ByteString.CopyFromUtf8("wp") }).ResponseAsync);
        yield return new("Publication/RecordSentToPrincipal", "MIT advice uploaded", mitSenders, Uploaded,
            (i, s) => P(i).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id, DocumentId = Doc(s, Committee.Mit) }).ResponseAsync);
        yield return new("Publication/RecordSentToPrincipal", "OMT advice uploaded", omtSenders, Uploaded,
            (i, s) => P(i).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id, DocumentId = Doc(s, Committee.Omt) }).ResponseAsync);
        yield return new("Publication/RecordSentToParliament", "sent to principals", officer, SentToPrincipals,
            (i, s) => P(i).RecordSentToParliamentAsync(new RecordSentToParliamentRequest
            {
                IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id, DocumentId = Doc(s, Committee.Mit), KamerbriefReference = "Kamerstuk 1",
                SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            }).ResponseAsync);
        yield return new("Publication/RecordNoAdvice", "released", officer, () => With(d.ReleasedAsync()),
            (i, s) => P(i).RecordNoAdviceAsync(new RecordNoAdviceRequest { IdempotencyKey = Requests.Key(), RequestId = Ds(s).Id, Committee = Committee.Omt, Reason = "not convened" }).ResponseAsync);
        yield return new("Publication/PublishDossier", "ready", officer, () => With(d.ReadyToPublishAsync()),
            (i, s) => P(i).PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id }).ResponseAsync);
        yield return new("Publication/WithdrawDocument", "published", officer, Published,
            (i, s) => P(i).WithdrawDocumentAsync(new WithdrawDocumentRequest { IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id, DocumentId = Doc(s, Committee.Mit), Reason = "mistake" }).ResponseAsync);
        foreach (var (committee, author) in new[] { (Committee.Mit, "mit-secretariat"), (Committee.Omt, "omt-secretary") })
        {
            yield return new("Publication/CorrectDocument", $"published {committee} advice", [author], Published,
                (i, s) => P(i).CorrectDocumentAsync(new CorrectDocumentRequest
                {
                    IdempotencyKey = Requests.Key(), DossierId = Ds(s).Id, DocumentId = Doc(s, committee), MediaType = "text/plain",
                    Content = Google.Protobuf.ByteString.CopyFromUtf8("corrected " + Guid.NewGuid()), Note = "erratum",
                }).ResponseAsync);
        }
        // The public record: everyone (and no one: PublicRecordsHttpTests reads it without a token).
        yield return new("PublicRecords/ListPublished", "any", Everyone, Nothing, (i, _) => Pub(i).ListPublishedAsync(new ListPublishedRequest()).ResponseAsync);
        yield return new("PublicRecords/GetPublished", "published", Everyone, Published,
            (i, s) => Pub(i).GetPublishedAsync(new GetPublishedRequest { DocumentId = Doc(s, Committee.Mit) }).ResponseAsync);
        yield return new("PublicRecords/GetPublishedContent", "published", Everyone, Published,
            (i, s) => Pub(i).GetPublishedContentAsync(new GetPublishedRequest { DocumentId = Doc(s, Committee.Mit) }).ResponseAsync);
    }

    [Fact]
    public void Every_rpc_has_a_row()
    {
        var rpcs = new[]
            {
                AdviceRequestsReflection.Descriptor, CommitteesReflection.Descriptor, CompositionReflection.Descriptor, StandbyReflection.Descriptor,
                BriefingsReflection.Descriptor, PublicationReflection.Descriptor, OperationsReflection.Descriptor,
            }
            .SelectMany(f => f.Services).SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
        var covered = Table().Select(r => r.Rpc).ToHashSet();
        var missing = rpcs.Where(r => !covered.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "RPCs without a row in the authorization table: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task No_persona_is_allowed_what_the_table_does_not_allow_and_none_is_refused_what_it_allows()
    {
        var falseAllows = new List<string>();
        var falseDenials = new List<string>();
        foreach (var row in Table())
        {
            var state = await row.Setup();
            // Refused personas first: a refusal must not depend on what an allowed caller did before.
            foreach (var persona in Everyone.Where(p => !row.Allowed.Contains(p)))
            {
                var expected = row.Hidden?.Contains(persona) == true ? StatusCode.NotFound : row.Refusal;
                var status = await Status(() => row.Call(WhoIs(persona), state));
                if (status != expected)
                {
                    falseAllows.Add($"{row.Rpc} [{row.Situation}] as {persona}: {status}, expected {expected}");
                }
            }
            foreach (var persona in row.Allowed)
            {
                var status = await Status(() => row.Call(WhoIs(persona), state));
                if (status is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    falseDenials.Add($"{row.Rpc} [{row.Situation}] as {persona}: {status}");
                }
            }
        }
        Assert.Empty(falseAllows);
        Assert.Empty(falseDenials);
    }

    private static async Task<StatusCode> Status(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
