using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.Committees.Domain.Composition;

public sealed record TermExtension(DateOnly PreviousEnd, DateOnly NewEnd, DateTimeOffset DecidedAt);

/// <summary>
/// The instellingsbesluit: the committee exists from Start to End, both days included. The SZW minister may extend
/// the term; an extension is recorded next to the original end, never written over it.
/// </summary>
public sealed class EstablishmentDecree
{
    [JsonInclude] public string Reference { get; private set; } = "";
    [JsonInclude] public DateOnly Start { get; private set; }
    [JsonInclude] public DateOnly End { get; private set; }
    [JsonInclude] public DateTimeOffset DecidedAt { get; private set; }
    [JsonInclude] public List<TermExtension> Extensions { get; private set; } = [];

    public bool InForceOn(DateOnly date) => date >= Start && date <= End;

    public static EstablishmentDecree Create(string reference, DateOnly start, DateOnly end, DateTimeOffset decidedAt)
    {
        var r = (reference ?? "").Trim();
        new Validator()
            .Require(r.Length is > 0 and <= CompositionLimits.MaxNameLength, "decree_reference", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(end > start, "term_end", "must be after term_start")
            .ThrowIfInvalid();
        return new EstablishmentDecree { Reference = r, Start = start, End = end, DecidedAt = decidedAt };
    }

    internal TermExtension Extend(DateOnly newEnd, DateTimeOffset decidedAt)
    {
        new Validator().Require(newEnd > End, "new_end", $"must be after the current end of the term ({CommitteeDates.Format(End)})").ThrowIfInvalid();
        // A lapsed committee is not revived by an extension; it takes a new decree.
        if (CommitteeClock.Today(decidedAt) > End)
        {
            throw new RuleViolationException($"The term ended on {CommitteeDates.Format(End)}; a lapsed committee needs a new establishment decree, not an extension.");
        }
        var extension = new TermExtension(End, newEnd, decidedAt);
        Extensions.Add(extension);
        End = newEnd;
        return extension;
    }
}
