using System.Security.Cryptography;
using System.Text;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.UnitTests.Publication;

/// <summary>The publication protocol: no path to Published that skips parliament, joint dossiers all or nothing.</summary>
public sealed class DossierTests
{
    private static readonly DateTimeOffset Now = new(2027, 2, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] MitText = Encoding.UTF8.GetBytes("MIT advice");
    private static readonly byte[] OmtText = Encoding.UTF8.GetBytes("OMT advice");

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private static Dossier Released()
    {
        var d = Dossier.ForRequest(Guid.NewGuid(), Now);
        d.RecordRelease(1, new string('a', 64), "Scaling down", Now);
        return d;
    }

    private static Document Advice(Dossier d, Committee c) => d.CurrentAdvice(c)!;

    /// <summary>Adopted, text uploaded, sent to its principal (and to parliament when asked).</summary>
    private static Document Prepare(Dossier d, Committee c, byte[] text, bool toParliament)
    {
        d.RecordAdoption(c, Sha(text), $"{c} summary", Now);
        d.UploadAdviceText(c, "", "text/plain", text, "secretariat");
        d.RecordReveal([c]);
        d.SendToPrincipal(Advice(d, c).Id, "chair", Now);
        if (toParliament)
        {
            d.SendToParliament(Advice(d, c).Id, "Kamerstuk 1", Now, "officer", Now);
        }
        return Advice(d, c);
    }

    [Fact]
    public void Joint_publication_publishes_both_advice_and_the_reflections_at_one_instant()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        Prepare(d, Committee.OMT, OmtText, toParliament: true);
        d.AddReflection("CPB", "text/plain", Encoding.UTF8.GetBytes("reflection"), "expert");

        var published = d.Publish("officer", Now.AddHours(1));

        Assert.Equal(3, published.Count);
        Assert.All(d.Documents, x => Assert.Equal(DocumentState.Published, x.State));
        Assert.All(d.Documents, x => Assert.Equal(Now.AddHours(1), x.PublishedAt));
        Assert.Equal(Now.AddHours(1), d.PublishedAt);
    }

    [Fact]
    public void Nothing_is_published_while_one_committee_is_not_with_parliament_and_nothing_changes()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        Prepare(d, Committee.OMT, OmtText, toParliament: false);
        d.AddReflection("CPB", "text/plain", Encoding.UTF8.GetBytes("reflection"), "expert");

        var e = Assert.Throws<RuleViolationException>(() => d.Publish("officer", Now));
        Assert.Contains("OMT", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(d.Documents, x => x.IsPublic);
        Assert.Null(d.PublishedAt);
    }

    [Fact]
    public void A_committee_that_did_not_advise_becomes_a_published_note_beside_the_other_advice()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        d.RecordNoAdvice(Committee.OMT, "Not convened", "officer", Now);

        d.Publish("officer", Now);

        var note = Assert.Single(d.Documents, x => x.Type == DocumentType.NoAdviceNote);
        Assert.Equal(Committee.OMT, note.Committee);
        Assert.Equal("Not convened", note.Summary);
        Assert.Equal(DocumentState.Published, note.State);
        var twice = Released();
        twice.RecordNoAdvice(Committee.OMT, "a", "o", Now);
        Assert.Throws<AlreadyExistsException>(() => twice.RecordNoAdvice(Committee.OMT, "b", "o", Now));
        Assert.Throws<RuleViolationException>(() => d.RecordNoAdvice(Committee.MIT, "r", "o", Now));
    }

    [Fact]
    public void Reflections_alone_are_never_published()
    {
        var d = Released();
        d.RecordNoAdvice(Committee.MIT, "r", "o", Now);
        d.RecordNoAdvice(Committee.OMT, "r", "o", Now);
        d.AddReflection("CPB", "text/plain", Encoding.UTF8.GetBytes("reflection"), "expert");

        Assert.Throws<RuleViolationException>(() => d.Publish("officer", Now));
        Assert.DoesNotContain(d.Documents, x => x.IsPublic);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    public void A_work_programme_is_published_only_after_parliament(bool text, bool principal, bool parliament)
    {
        var d = Dossier.WorkProgramme(Guid.NewGuid(), "Work programme", "text/plain", Encoding.UTF8.GetBytes("wp"), "secretariat", Now);
        var wp = d.Documents.Single();
        if (text && principal)
        {
            d.SendToPrincipal(wp.Id, "chair", Now);
        }
        if (parliament)
        {
            d.SendToParliament(wp.Id, "K 1", Now, "officer", Now);
        }
        Assert.Throws<RuleViolationException>(() => d.Publish("officer", Now));
        Assert.False(wp.IsPublic);
    }

    [Fact]
    public void No_step_may_be_skipped()
    {
        var d = Released();
        d.RecordAdoption(Committee.MIT, Sha(MitText), "s", Now);
        var advice = Advice(d, Committee.MIT);
        Assert.Throws<RuleViolationException>(() => d.SendToPrincipal(advice.Id, "chair", Now)); // no text yet
        d.UploadAdviceText(Committee.MIT, "", "text/plain", MitText, "secretariat");
        Assert.Throws<RuleViolationException>(() => d.SendToParliament(advice.Id, "K", Now, "officer", Now)); // not via the SG
        Assert.Throws<RuleViolationException>(() => d.Withdraw(advice.Id, "r", "officer", Now)); // not published
        Assert.Throws<RuleViolationException>(() => d.SendToPrincipal(advice.Id, "chair", Now)); // sealed
        d.RecordReveal([Committee.MIT]);
        d.SendToPrincipal(advice.Id, "chair", Now);
        Assert.Throws<RuleViolationException>(() => d.SendToPrincipal(advice.Id, "chair", Now)); // not twice
        Assert.Throws<ValidationFailedException>(() => d.SendToParliament(advice.Id, "K", Now.AddDays(1), "officer", Now)); // future
        Assert.Throws<ValidationFailedException>(() => d.SendToParliament(advice.Id, " ", Now, "officer", Now));
        Assert.Equal(DocumentState.SentToPrincipal, advice.State);
        Assert.Equal("SG SZW", advice.Principal);
    }

    [Fact]
    public void The_uploaded_text_must_be_the_adopted_one()
    {
        var d = Released();
        d.RecordAdoption(Committee.OMT, Sha(OmtText), "s", Now);
        var e = Assert.Throws<ValidationFailedException>(() => d.UploadAdviceText(Committee.OMT, "", "text/plain", MitText, "secretary"));
        Assert.Equal("content", Assert.Single(e.Violations).Field);
        Assert.Equal(DocumentState.AwaitingText, Advice(d, Committee.OMT).State);
        Assert.Empty(d.NewContent);
        Assert.Throws<RuleViolationException>(() => d.UploadAdviceText(Committee.MIT, "", "text/plain", MitText, "secretariat"));
        d.UploadAdviceText(Committee.OMT, "OMT advice", "text/plain", OmtText, "secretary");
        d.RecordReveal([Committee.OMT]);
        Assert.Equal("VWS", d.SendToPrincipal(Advice(d, Committee.OMT).Id, "chair", Now).Principal);
    }

    [Fact]
    public void Adoptions_are_idempotent_and_a_release_arriving_later_completes_the_dossier()
    {
        var d = Dossier.ForRequest(Guid.NewGuid(), Now);
        d.RecordAdoption(Committee.MIT, Sha(MitText), "s", Now);
        d.RecordAdoption(Committee.MIT, Sha(MitText), "s", Now);
        d.RecordRelease(1, new string('a', 64), "Title", Now);
        d.RecordRelease(1, new string('a', 64), "Title", Now);
        Assert.Single(d.Documents);
        Assert.Equal("Title", d.Title);
    }

    [Fact]
    public void A_correction_is_a_new_version_that_goes_through_parliament_and_points_to_the_old_one()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        d.RecordNoAdvice(Committee.OMT, "r", "o", Now);
        d.Publish("officer", Now);
        var v1 = Advice(d, Committee.MIT);

        var v2 = d.Correct(v1.Id, "text/plain", Encoding.UTF8.GetBytes("corrected"), "erratum", "secretariat");
        Assert.Equal(2, v2.Version);
        Assert.Equal(v1.Id, v2.Supersedes);
        Assert.Throws<RuleViolationException>(() => d.Correct(v1.Id, "text/plain", Encoding.UTF8.GetBytes("again"), "e", "s"));
        Assert.Throws<RuleViolationException>(() => d.Publish("officer", Now.AddDays(1)));
        d.SendToPrincipal(v2.Id, "chair", Now.AddDays(1));
        d.SendToParliament(v2.Id, "K 2", Now.AddDays(1), "officer", Now.AddDays(1));
        d.Publish("officer", Now.AddDays(1));
        Assert.Equal(v2.Id, v1.SupersededBy);
        Assert.Equal(DocumentState.Published, v1.State);
        Assert.Equal(Now, v1.PublishedAt);
        Assert.Equal(Now.AddDays(1), v2.PublishedAt);
        Assert.Equal(Now, d.PublishedAt);
    }

    [Fact]
    public void A_signal_is_published_only_with_the_answer_and_then_both_at_once()
    {
        var d = Dossier.ForSignal(Guid.NewGuid(), Now);
        d.RecordSignal("A1Status", "Disease X", new DateOnly(2027, 2, 1), "Rationale", Now, Now.AddDays(14));
        Assert.Throws<RuleViolationException>(() => d.Publish("officer", Now));
        Assert.DoesNotContain(d.Documents, x => x.IsPublic);

        d.RecordAnswer("No", "Not needed now", Now.AddDays(3), false);
        d.Publish("officer", Now.AddDays(4));
        Assert.Equal(2, d.Documents.Count);
        Assert.All(d.Documents, x => Assert.Equal(Now.AddDays(4), x.PublishedAt));
        Assert.All(d.Documents, x => Assert.Equal(x.Sha256, Convert.ToHexStringLower(SHA256.HashData(d.NewContent.Single(c => c.DocumentId == x.Id).Content))));
    }

    [Fact]
    public void Withdrawal_needs_a_reason_and_keeps_the_notice()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        d.RecordNoAdvice(Committee.OMT, "r", "o", Now);
        d.Publish("officer", Now);
        var advice = Advice(d, Committee.MIT);
        Assert.Throws<ValidationFailedException>(() => d.Withdraw(advice.Id, "", "officer", Now));
        d.Withdraw(advice.Id, "Wrong annex", "officer", Now.AddHours(2));
        Assert.Equal(DocumentState.Withdrawn, advice.State);
        Assert.True(advice.IsPublic);
        Assert.Equal("Wrong annex", advice.WithdrawalReason);
    }

    [Fact]
    public void Sealed_advice_is_visible_to_the_other_committee_only_once_revealed_or_published()
    {
        var d = Released();
        d.RecordAdoption(Committee.OMT, Sha(OmtText), "s", Now);
        var omt = Advice(d, Committee.OMT);
        Assert.False(d.VisibleTo(omt, Committee.MIT));
        Assert.True(d.VisibleTo(omt, Committee.OMT));
        d.RecordReveal([Committee.OMT]);
        Assert.True(d.VisibleTo(omt, Committee.MIT));
    }

    [Fact]
    public void Sealed_advice_is_shown_only_to_its_own_committee_until_Committees_reveals_it()
    {
        var d = Released();
        d.RecordAdoption(Committee.MIT, Sha(MitText), "MIT summary", Now);
        var mit = Advice(d, Committee.MIT);

        Assert.False(d.IsSealedFrom(mit, Committee.MIT));
        Assert.True(d.IsSealedFrom(mit, Committee.OMT));
        // No committee: the publication officer and the SG SZW see it sealed too.
        Assert.True(d.IsSealedFrom(mit, null));

        d.RecordReveal([Committee.MIT]);

        Assert.False(d.IsSealedFrom(mit, Committee.OMT));
        Assert.False(d.IsSealedFrom(mit, null));
    }

    [Fact]
    public void Sealed_advice_is_not_sent_to_the_principal_the_refusal_names_what_is_awaited_and_nothing_changes()
    {
        var d = Released();
        d.RecordRelease(1, new string('a', 64), "Scaling down", Now, Now.AddHours(48));
        d.RecordAdoption(Committee.MIT, Sha(MitText), "s", Now);
        // Uploading the adopted text before the reveal stays allowed.
        d.UploadAdviceText(Committee.MIT, "", "text/plain", MitText, "secretariat");
        var advice = Advice(d, Committee.MIT);

        var e = Assert.Throws<RuleViolationException>(() => d.SendToPrincipal(advice.Id, "chair", Now));

        Assert.Contains("sealed", e.Message, StringComparison.Ordinal);
        Assert.Contains("OMT's adoption", e.Message, StringComparison.Ordinal);
        Assert.Contains(Now.AddHours(48).ToString("u", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Equal(DocumentState.Draft, advice.State);
        Assert.Null(advice.SentToPrincipalAt);
    }

    [Fact]
    public void Late_advice_after_a_published_no_advice_note_is_marked_late_and_supersedes_the_note_when_published()
    {
        var d = Released();
        Prepare(d, Committee.MIT, MitText, toParliament: true);
        d.RecordNoAdvice(Committee.OMT, "The OMT did not advise before the deadline.", "officer", Now);
        d.Publish("officer", Now);
        var note = Assert.Single(d.Documents, x => x.Type == DocumentType.NoAdviceNote);

        d.RecordAdoption(Committee.OMT, Sha(OmtText), "OMT summary", Now.AddDays(1), late: true);
        var late = Advice(d, Committee.OMT);
        Assert.True(late.Late);
        Assert.Equal(note.Id, late.CorrectsNote);
        d.UploadAdviceText(Committee.OMT, "", "text/plain", OmtText, "secretary");
        d.RecordReveal([Committee.OMT]);
        d.SendToPrincipal(late.Id, "chair", Now.AddDays(1));
        d.SendToParliament(late.Id, "K 3", Now.AddDays(1), "officer", Now.AddDays(1));
        Assert.Null(note.SupersededBy);

        var published = d.Publish("officer", Now.AddDays(2));

        Assert.Equal(late.Id, Assert.Single(published).Id);
        Assert.Equal(late.Id, note.SupersededBy);
        // Both stay public, as corrections do.
        Assert.Equal(DocumentState.Published, note.State);
        Assert.Equal(DocumentState.Published, late.State);
    }

    [Fact]
    public void Late_advice_before_anything_is_published_replaces_the_unpublished_note_and_is_still_marked_late()
    {
        var d = Released();
        d.RecordNoAdvice(Committee.OMT, "Not convened", "officer", Now);

        d.RecordAdoption(Committee.OMT, Sha(OmtText), "OMT summary", Now.AddDays(1), late: true);

        Assert.Empty(d.NoAdvice);
        Assert.True(Advice(d, Committee.OMT).Late);
        Assert.Null(Advice(d, Committee.OMT).CorrectsNote);
    }
}
