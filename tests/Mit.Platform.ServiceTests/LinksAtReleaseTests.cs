using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Issue 15, item 6: the release entry on each desk carries the links that exist at release; later links come as their own entries.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LinksAtReleaseTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_link_made_before_the_release_arrives_in_the_release_entry_and_a_later_link_as_its_own_entry()
    {
        var szw = platform.Requests(Persona.SzwRequester);
        var other = await platform.ReleasedOnBothDesks();
        var draft = await szw.DraftRequestAsync(Requests.Draft());
        await szw.LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, ExternalReference = "RIVM Respons Team advice on travellers", Note = "asked earlier" });
        await szw.LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, RelatedRequestId = other.Id });

        var released = await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));

        foreach (var (persona, committee) in new[] { (Persona.MitSecretariat, Committee.Mit), (Persona.OmtSecretary, Committee.Omt) })
        {
            var entry = await platform.Desks(persona).OnDesk(committee, released.Id);
            Assert.Equal(2, entry.Links.Count);
            Assert.Contains(entry.Links, l => l.ExternalReference == "RIVM Respons Team advice on travellers" && l.Note == "asked earlier" && l.LinkedAt is not null);
            Assert.Contains(entry.Links, l => l.RelatedRequestId == other.Id);
        }

        await szw.LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = released.Id, ExternalReference = "Kamerstuk 25295, nr. 1999" });
        foreach (var (persona, committee) in new[] { (Persona.MitSecretariat, Committee.Mit), (Persona.OmtSecretary, Committee.Omt) })
        {
            var later = await platform.Desks(persona).OnDesk(committee, released.Id, kind: DeskEntryKind.Linked);
            Assert.Equal("Kamerstuk 25295, nr. 1999", later.ExternalReference);
            // The links of the release are not repeated as entries of their own.
            var all = (await platform.Desks(persona).ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries;
            Assert.Single(all, e => e.RequestId == released.Id && e.Kind == DeskEntryKind.Linked);
        }
    }
}
