using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Hostile input on every method of every service, from the proto descriptors: each case gets InvalidArgument naming
/// the field, before any handler runs (so nothing is written), through the gateway, anonymous methods without a token.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MalformedInputTests(PlatformFixture platform)
{
    private const string AllScopes = "advice-requests committees publication briefings";

    // Unary requests are checked before any handler; a client stream is read only by a caller who may send it, so
    // Briefings is called as the OMT chair (who may upload).
    private CallInvoker InvokerFor(MethodDescriptor method) =>
        platform.Invoker(Contracts.IsAnonymous(method) ? null
            : platform.Token(method.Service.Name == "Briefings" ? Persona.OmtChair : Persona.Operator, AllScopes));

    public static TheoryData<string, string> StringFields() => Cases(f => f.Leaf.FieldType == FieldType.String);

    public static TheoryData<string, string> SingleLineStringFields() =>
        Cases(f => f.Leaf.FieldType == FieldType.String && InputLimits.TextKindOf(f.Leaf) == TextKind.SingleLine);

    public static TheoryData<string, string> TimestampFields() =>
        Cases(f => f.Leaf.FieldType == FieldType.Message && f.Leaf.MessageType == Timestamp.Descriptor && !f.Leaf.IsRepeated);

    public static TheoryData<string, string> RepeatedFields() => Cases(f => f.Leaf.IsRepeated);

    public static TheoryData<string> Methods() => Contracts.MethodNames();

    private static TheoryData<string, string> Cases(Func<Contracts.FieldPath, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var method in Contracts.Methods)
        {
            foreach (var field in Contracts.Fields(method.InputType).Where(which))
            {
                data.Add(method.FullName, field.Name);
            }
        }
        return data;
    }

    private static Contracts.FieldPath Field(MethodDescriptor method, string name) =>
        Contracts.Fields(method.InputType).First(f => f.Name == name);

    private async Task RefusedNaming(string methodName, string fieldName, Action<IMessage, FieldDescriptor> setLeaf, string? expectedField = null)
    {
        var method = Contracts.Method(methodName);
        var request = Field(method, fieldName).Build(method.InputType, setLeaf);
        var e = await Contracts.Call(InvokerFor(method), method, request.ToByteArray());
        Assert.True(e is not null, $"{methodName} accepted a request with a bad {fieldName}");
        Assert.True(e.StatusCode == StatusCode.InvalidArgument, $"{methodName} {fieldName}: {e.StatusCode} {e.Status.Detail}");
        var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
        Assert.Contains(expectedField ?? fieldName, violations);
    }

    private static void SetText(IMessage parent, FieldDescriptor leaf, string text)
    {
        if (leaf.IsRepeated)
        {
            ((IList)leaf.Accessor.GetValue(parent)).Add(text);
        }
        else
        {
            leaf.Accessor.SetValue(parent, text);
        }
    }

    private static string ItemName(MethodDescriptor method, string fieldName) =>
        Field(method, fieldName).Leaf.IsRepeated ? fieldName + "[0]" : fieldName;

    [Theory]
    [MemberData(nameof(StringFields))]
    public Task A_control_character_in_any_string_field_is_invalid_argument_naming_it(string method, string field) =>
        RefusedNaming(method, field, (m, f) => SetText(m, f, "Werkprogramma\u000B2024"), ItemName(Contracts.Method(method), field));

    [Theory]
    [MemberData(nameof(StringFields))]
    public Task A_nul_character_in_any_string_field_is_invalid_argument_naming_it(string method, string field) =>
        RefusedNaming(method, field, (m, f) => SetText(m, f, "a\u0000b"), ItemName(Contracts.Method(method), field));

    [Theory]
    [MemberData(nameof(SingleLineStringFields))]
    public Task A_bidi_override_or_line_break_in_a_single_line_field_is_invalid_argument_naming_it(string method, string field)
    {
        var name = ItemName(Contracts.Method(method), field);
        return Task.WhenAll(
            RefusedNaming(method, field, (m, f) => SetText(m, f, "txt.\u202Eexe"), name),
            RefusedNaming(method, field, (m, f) => SetText(m, f, "zero\u200Bwidth"), name),
            RefusedNaming(method, field, (m, f) => SetText(m, f, "two\nlines"), name));
    }

    [Theory]
    [MemberData(nameof(TimestampFields))]
    public async Task An_out_of_range_timestamp_in_any_timestamp_field_is_invalid_argument_naming_it(string method, string field)
    {
        await RefusedNaming(method, field, (m, f) => f.Accessor.SetValue(m, new Timestamp { Seconds = Timestamps.MaxSeconds + 1 }));
        await RefusedNaming(method, field, (m, f) => f.Accessor.SetValue(m, new Timestamp { Seconds = Timestamps.MinSeconds - 1 }));
        await RefusedNaming(method, field, (m, f) => f.Accessor.SetValue(m, new Timestamp { Seconds = 1_800_000_000, Nanos = -1 }));
        await RefusedNaming(method, field, (m, f) => f.Accessor.SetValue(m, new Timestamp { Seconds = 1_800_000_000, Nanos = 1_000_000_000 }));
    }

    [Theory]
    [MemberData(nameof(RepeatedFields))]
    public Task A_list_over_its_maximum_in_any_repeated_field_is_invalid_argument_naming_it(string method, string field) =>
        RefusedNaming(method, field, (m, f) =>
        {
            var list = (IList)f.Accessor.GetValue(m);
            for (var i = 0; i <= Contracts.MaxItems(f); i++)
            {
                list.Add(f.FieldType switch
                {
                    FieldType.String => "item",
                    FieldType.Message => Contracts.New(f.MessageType),
                    FieldType.Enum => 1,
                    _ => throw new InvalidOperationException($"No sample for a repeated {f.FieldType}"),
                });
            }
        });

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Bytes_that_are_not_protobuf_are_invalid_argument_on_every_method(string methodName)
    {
        var method = Contracts.Method(methodName);
        // Field 2, length-delimited, claims 100 bytes but the message ends after 3: truncated in any schema.
        var e = await Contracts.Call(InvokerFor(method), method, [0x12, 0x64, 0x0a, 0x01, 0x41]);
        Assert.Equal(StatusCode.InvalidArgument, e?.StatusCode);
    }

    [Fact]
    public async Task Text_is_stored_in_nfc_and_prose_keeps_its_line_breaks()
    {
        var szw = platform.Requests(Persona.SzwRequester);
        var content = Requests.Content("Line one\nLine two\twith a tab");
        content.Title = "Cafe\u0301 regels";
        var draft = await szw.DraftRequestAsync(Requests.Draft(content));
        Assert.Equal("Caf\u00E9 regels", draft.Current.Content.Title);
        Assert.Equal("Line one\nLine two\twith a tab", draft.Current.Content.Question);
    }

    [Fact]
    public async Task Ten_thousand_votes_get_one_short_error_not_a_megabyte()
    {
        var chair = platform.Committees(Persona.MitChair);
        var request = new AdoptAdviceRequest { IdempotencyKey = Requests.Key(), RequestId = Guid.NewGuid().ToString(), DocumentDigest = new string('a', 64), Summary = "s" };
        request.Votes.AddRange(Enumerable.Range(0, 10_000).Select(i => new Vote { Subject = $"unknown-voter-{i}", Choice = VoteChoice.For }));
        var e = await Assert.ThrowsAsync<RpcException>(() => chair.AdoptAdviceAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("votes", Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.True(e.Trailers.Sum(t => t.Key.Length + (t.IsBinary ? t.ValueBytes.Length : t.Value.Length)) < 4096, "the error's trailers exceed 4 KB");
    }

    [Fact]
    public async Task Many_violations_are_capped_with_a_count_of_the_rest()
    {
        var cpo = platform.Standby(Persona.Cpo);
        // Within the count limit, but every tag blank and every field wrong: the error lists a few and counts the rest.
        var candidate = new Candidate { Subject = "", Name = "", Availability = (Availability)99 };
        candidate.Expertise.AddRange(Enumerable.Range(0, 20).Select(i => new string('\u0001', 1)));
        var e = await Assert.ThrowsAsync<RpcException>(() => cpo.PutCandidateAsync(new PutCandidateRequest { IdempotencyKey = Requests.Key(), Candidate = candidate }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violations = e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(ValidationFailedException.MaxReported + 1, violations.Count);
        Assert.Equal("and 10 more violations not listed", violations[^1].Description);
    }
}
