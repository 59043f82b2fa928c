using System.Security.Cryptography;
using System.Text;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Contracts;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.UnitTests.Publication;

/// <summary>
/// Unsolicited advice through the publication protocol, and the cabinet's response: recorded only for published
/// advice, by the right ministry, published only after parliament has it, and the wait against its term.
/// The dates are the long covid case: advised 19 June 2023, cabinet response 2 October 2023.
/// </summary>
public sealed class CabinetResponseTests
{
    private static readonly DateTimeOffset Advised = new(2023, 6, 19, 9, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset Responded = new(2023, 10, 2, 14, 0, 0, TimeSpan.FromHours(2));
    private static readonly byte[] Text = Encoding.UTF8.GetBytes("Long covid: recognise it in work, care and income.");
    private static readonly byte[] ResponseText = Encoding.UTF8.GetBytes("Kabinetsreactie op het MIT-advies over long covid.");

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private static Dossier Adopted(Committee committee = Committee.MIT)
    {
        var d = Dossier.ForUnsolicited(Guid.NewGuid(), Advised);
        d.RecordUnsolicitedAdoption(committee, "Societal consequences of long covid", "What does long covid mean?", "Nobody asked.", Sha(Text), "Recognise it.", Advised);
        return d;
    }

    private static Document Advice(Dossier d) => d.Documents.Single(x => x.Type == DocumentType.Advice);

    private static Dossier Published(Committee committee = Committee.MIT)
    {
        var d = Adopted(committee);
        d.UploadAdviceText(committee, "", "text/plain", Text, "secretariat");
        d.SendToPrincipal(Advice(d).Id, "chair", Advised);
        d.SendToParliament(Advice(d).Id, "Kamerstuk 25295, nr. 2100", Advised.AddDays(1), "officer", Advised.AddDays(1));
        d.Publish("officer", Advised.AddDays(2));
        return d;
    }

    private static Dossier Respond(string ministry, IReadOnlyList<(Dossier, Guid)> answers, string? kamerbrief = "Kamerstuk 25295, nr. 2150", DateTimeOffset? now = null) =>
        Dossier.CabinetResponse(Guid.NewGuid(), ministry, answers, "Kabinetsreactie long covid", "text/plain", ResponseText, Responded,
            kamerbrief, kamerbrief is null ? null : Responded, "szw-officer", now ?? Responded.AddHours(1));

    [Fact]
    public void Unsolicited_advice_goes_adopted_draft_to_principal_to_parliament_published_and_tells_the_other_desk_twice()
    {
        var d = Adopted();
        Assert.Equal(DocumentState.AwaitingText, Advice(d).State);
        Assert.Throws<RuleViolationException>(() => d.SendToPrincipal(Advice(d).Id, "chair", Advised));

        d.UploadAdviceText(Committee.MIT, "", "text/plain", Text, "secretariat");
        Assert.Throws<RuleViolationException>(() => d.Publish("officer", Advised));
        var sent = d.SendToPrincipal(Advice(d).Id, "chair", Advised);
        Assert.Equal(("SG SZW", DocumentState.SentToPrincipal), (sent.Principal, sent.State));
        var toDesk = Assert.IsType<UnsolicitedAdviceSent>(Assert.Single(d.Events).Event);
        Assert.Equal((d.Id, "MIT", Sha(Text)), (toDesk.AdviceId, toDesk.Committee, toDesk.DocumentDigest));
        d.Events.Clear();

        var nothing = Assert.Throws<RuleViolationException>(() => d.Publish("officer", Advised));
        Assert.Contains("parliament", nothing.Message, StringComparison.Ordinal);
        Assert.Empty(d.Events);
        d.SendToParliament(Advice(d).Id, "Kamerstuk 25295, nr. 2100", Advised.AddDays(1), "officer", Advised.AddDays(1));
        d.Publish("officer", Advised.AddDays(2));

        Assert.Equal(DocumentState.Published, Advice(d).State);
        var content = Assert.IsType<UnsolicitedAdvicePublished>(Assert.Single(d.Events).Event);
        Assert.Equal((Advice(d).Id, "Recognise it."), (content.DocumentId, content.Summary));
    }

    [Fact]
    public void An_adoption_redelivered_changes_nothing_and_the_other_committees_text_is_refused()
    {
        var d = Adopted();
        d.RecordUnsolicitedAdoption(Committee.MIT, "Other title", "q", "r", new string('b', 64), "other", Advised.AddDays(1));

        Assert.Equal("Societal consequences of long covid", d.Title);
        Assert.Single(d.Documents);
        Assert.Throws<RuleViolationException>(() => d.UploadAdviceText(Committee.OMT, "", "text/plain", Text, "omt-secretary"));
    }

    [Fact]
    public void No_response_is_recorded_before_the_advice_is_published()
    {
        var d = Adopted();
        d.UploadAdviceText(Committee.MIT, "", "text/plain", Text, "secretariat");
        d.SendToPrincipal(Advice(d).Id, "chair", Advised);

        var e = Assert.Throws<RuleViolationException>(() => Respond("SZW", [(d, Advice(d).Id)]));

        Assert.Contains("only for published advice", e.Message, StringComparison.Ordinal);
        Assert.Empty(Advice(d).AnsweredBy);
    }

    [Fact]
    public void A_response_links_both_ways_and_is_published_only_after_it_went_to_parliament()
    {
        var advice = Published();
        var response = Respond("SZW", [(advice, Advice(advice).Id)], kamerbrief: null);
        var letter = response.Documents.Single();

        Assert.Equal([letter.Id], Advice(advice).AnsweredBy);
        Assert.Equal([new AnsweredAdvice(advice.Id, Advice(advice).Id)], letter.Answers);
        Assert.Equal(DocumentState.Draft, letter.State);
        Assert.Throws<RuleViolationException>(() => response.Publish("officer", Responded.AddDays(1)));
        Assert.Equal(DocumentState.Draft, letter.State);

        response.SendToParliament(letter.Id, "Kamerstuk 25295, nr. 2150", Responded, "officer", Responded.AddDays(1));
        response.Publish("officer", Responded.AddDays(1));

        Assert.Equal(DocumentState.Published, letter.State);
    }

    [Fact]
    public void A_response_is_not_sent_to_a_principal_nor_to_parliament_before_its_own_date()
    {
        var advice = Published();
        var response = Respond("SZW", [(advice, Advice(advice).Id)], kamerbrief: null);
        var letter = response.Documents.Single();

        Assert.Throws<RuleViolationException>(() => response.SendToPrincipal(letter.Id, "officer", Responded));
        var e = Assert.Throws<ValidationFailedException>(() => response.SendToParliament(letter.Id, "K", Responded.AddDays(-1), "officer", Responded));
        Assert.Equal("sent_at", Assert.Single(e.Violations).Field);
    }

    [Fact]
    public void The_ministry_answers_its_own_committees_advice_and_either_answers_a_joint_requests_pair()
    {
        var omtAdvice = Published(Committee.OMT);
        Assert.Throws<AccessDeniedException>(() => Respond("SZW", [(omtAdvice, Advice(omtAdvice).Id)]));
        Respond("VWS", [(omtAdvice, Advice(omtAdvice).Id)]);

        var joint = Dossier.ForRequest(Guid.NewGuid(), Advised);
        joint.RecordRelease(1, new string('a', 64), "Fit voor het najaar", Advised);
        foreach (var (c, text) in new[] { (Committee.MIT, Text), (Committee.OMT, ResponseText) })
        {
            joint.RecordAdoption(c, Sha(text), "s", Advised);
            joint.UploadAdviceText(c, "", "text/plain", text, "secretariat");
        }
        joint.RecordReveal(Dossier.JointCommittees);
        foreach (var c in Dossier.JointCommittees)
        {
            joint.SendToPrincipal(joint.CurrentAdvice(c)!.Id, "chair", Advised);
            joint.SendToParliament(joint.CurrentAdvice(c)!.Id, "K", Advised, "officer", Advised);
        }
        joint.Publish("officer", Advised.AddDays(1));

        var both = Respond("SZW", Dossier.JointCommittees.Select(c => (joint, joint.CurrentAdvice(c)!.Id)).ToList());
        Assert.Equal(2, both.Documents.Single().Answers.Count);
        Assert.Throws<AccessDeniedException>(() => Respond("SZW", [(joint, joint.CurrentAdvice(Committee.OMT)!.Id)]));
    }

    [Fact]
    public void One_response_answers_several_advices()
    {
        var first = Published();
        var second = Published();

        var response = Respond("SZW", [(first, Advice(first).Id), (second, Advice(second).Id)]);

        Assert.Equal(2, response.Documents.Single().Answers.Count);
        Assert.Single(Advice(first).AnsweredBy);
        Assert.Single(Advice(second).AnsweredBy);
    }

    [Fact]
    public void The_wait_is_counted_in_Dutch_calendar_days_long_covid_waited_105()
    {
        Assert.Equal(105, CabinetResponseTerm.DaysBetween(Advised, Responded));
        // Fit voor het najaar: advised 30 September 2022, answered 13 January 2023.
        Assert.Equal(105, CabinetResponseTerm.DaysBetween(new(2022, 9, 30, 12, 0, 0, TimeSpan.FromHours(2)), new(2023, 1, 13, 12, 0, 0, TimeSpan.FromHours(1))));
        // 23:30 UTC on 18 June is 19 June in the Netherlands.
        Assert.Equal(0, CabinetResponseTerm.DaysBetween(new(2023, 6, 18, 23, 30, 0, TimeSpan.Zero), Advised));
    }

    [Fact]
    public void Past_the_term_the_wait_is_overdue_and_flagged_once_with_an_event()
    {
        var term = new CabinetResponseTerm();
        var advice = Published();
        advice.Events.Clear();
        var lastDay = new DateTimeOffset(2023, 9, 19, 20, 0, 0, TimeSpan.FromHours(2));

        Assert.False(term.IsOverdue(Advised, null, lastDay));
        Assert.Empty(advice.FlagOverdueResponses(term, lastDay));
        Assert.True(term.IsOverdue(Advised, null, lastDay.AddDays(1)));
        Assert.False(term.IsOverdue(Advised, Responded, lastDay.AddDays(1)));

        var flagged = Assert.Single(advice.FlagOverdueResponses(term, lastDay.AddDays(1)));
        Assert.Equal(lastDay.AddDays(1), flagged.ResponseOverdueAt);
        Assert.IsType<CabinetResponseOverdue>(Assert.Single(advice.Events).Event);
        Assert.Empty(advice.FlagOverdueResponses(term, lastDay.AddDays(2)));
        Assert.Single(advice.Events);
    }

    [Fact]
    public void A_shorter_configured_term_flags_sooner_and_a_recorded_response_is_never_flagged()
    {
        var answered = Published();
        Respond("SZW", [(answered, Advice(answered).Id)]);
        var waiting = Published();
        var twoMonthsAndADay = Advised.AddMonths(2).AddDays(1);

        Assert.Empty(answered.FlagOverdueResponses(new CabinetResponseTerm(1), twoMonthsAndADay));
        Assert.Empty(waiting.FlagOverdueResponses(new CabinetResponseTerm(3), twoMonthsAndADay));
        Assert.Single(waiting.FlagOverdueResponses(new CabinetResponseTerm(2), twoMonthsAndADay));
    }
}
