using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.AdviceRequests.Domain;

public enum Ministry
{
    SZW,
    VWS,
}

public enum Urgency
{
    Urgent,
    Regular,
}

public sealed record Measure(string Name, string Description);

/// <summary>An attachment of the information package, identified by the SHA-256 of its bytes.</summary>
public sealed record AttachmentRef(string Name, string MediaType, long SizeBytes, string Sha256);

public static class RequestLimits
{
    public const int MaxTitleLength = 300;
    public const int MaxQuestionLength = 20_000;
    public const int MaxMeasures = 50;
    public const int MaxAttachments = 100;
    public const int MaxNameLength = 300;
    public const int MaxDescriptionLength = 5_000;
    public const int MaxReasonLength = 2_000;
    public const long MaxAttachmentBytes = 1L << 40;
    public static readonly TimeSpan UrgentWindow = TimeSpan.FromHours(48);
}

/// <summary>What both committees receive: the question, the measures, the information package and the clock.</summary>
public sealed record RequestContent(
    string Title,
    string Question,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<AttachmentRef> Attachments,
    Urgency Urgency,
    DateTimeOffset? Deadline)
{
    /// <summary>Validates raw input and returns the normalised content (trimmed text, lower-case hashes, whole seconds).</summary>
    public static RequestContent Create(string? title, string? question, IEnumerable<Measure> measures,
        IEnumerable<AttachmentRef> attachments, Urgency? urgency, DateTimeOffset? deadline, DateTimeOffset now, string field = "content")
    {
        var v = new Validator();
        var t = Normalise(title);
        var q = Normalise(question);
        var m = measures.Select(x => new Measure(Normalise(x.Name), Normalise(x.Description))).ToList();
        var a = attachments.Select(x => new AttachmentRef(Normalise(x.Name), Normalise(x.MediaType), x.SizeBytes, Normalise(x.Sha256).ToLowerInvariant())).ToList();

        v.Require(t.Length > 0, $"{field}.title", "is required")
         .Require(t.Length <= RequestLimits.MaxTitleLength, $"{field}.title", $"must be at most {RequestLimits.MaxTitleLength} characters")
         .Require(q.Length > 0, $"{field}.question", "is required")
         .Require(q.Length <= RequestLimits.MaxQuestionLength, $"{field}.question", $"must be at most {RequestLimits.MaxQuestionLength} characters")
         .Require(m.Count <= RequestLimits.MaxMeasures, $"{field}.measures", $"at most {RequestLimits.MaxMeasures} measures")
         .Require(a.Count <= RequestLimits.MaxAttachments, $"{field}.attachments", $"at most {RequestLimits.MaxAttachments} attachments")
         .Require(urgency is not null, $"{field}.urgency", "must be URGENT or REGULAR");
        for (var i = 0; i < m.Count && i < RequestLimits.MaxMeasures; i++)
        {
            v.Require(m[i].Name.Length is > 0 and <= RequestLimits.MaxNameLength, $"{field}.measures[{i}].name", $"is required, at most {RequestLimits.MaxNameLength} characters")
             .Require(m[i].Description.Length <= RequestLimits.MaxDescriptionLength, $"{field}.measures[{i}].description", $"must be at most {RequestLimits.MaxDescriptionLength} characters");
        }
        v.Require(m.Select(x => x.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Count, $"{field}.measures", "measure names must be unique");
        for (var i = 0; i < a.Count && i < RequestLimits.MaxAttachments; i++)
        {
            v.Require(a[i].Name.Length is > 0 and <= RequestLimits.MaxNameLength, $"{field}.attachments[{i}].name", $"is required, at most {RequestLimits.MaxNameLength} characters")
             .Require(IsMediaType(a[i].MediaType), $"{field}.attachments[{i}].media_type", "must be a media type such as application/pdf")
             .Require(a[i].SizeBytes is > 0 and <= RequestLimits.MaxAttachmentBytes, $"{field}.attachments[{i}].size_bytes", "must be positive")
             .Require(IsSha256(a[i].Sha256), $"{field}.attachments[{i}].sha256", "must be 64 hexadecimal characters (SHA-256)");
        }
        v.Require(a.Select(x => x.Name).Distinct(StringComparer.Ordinal).Count() == a.Count, $"{field}.attachments", "attachment names must be unique");

        DateTimeOffset? due = deadline is { } d ? TruncateToSeconds(d.ToUniversalTime()) : null;
        if (urgency == Urgency.Regular)
        {
            v.Require(due is not null, $"{field}.deadline", "is required for a regular request");
        }
        if (due is not null)
        {
            v.Require(due > now, $"{field}.deadline", "must be in the future");
        }
        v.ThrowIfInvalid();
        return new RequestContent(t, q, m, a, urgency!.Value, due);
    }

    /// <summary>
    /// SHA-256 over a canonical form: fixed key order, no insignificant whitespace, text in Unicode NFC with
    /// LF line ends, attachments ordered by name. The same content always gives the same digest, however it was
    /// assembled; any change of content gives another.
    /// </summary>
    public string Digest()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("attachments");
            foreach (var a in Attachments.OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("media_type", a.MediaType);
                w.WriteString("name", a.Name);
                w.WriteString("sha256", a.Sha256);
                w.WriteString("size_bytes", a.SizeBytes.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("deadline", Deadline?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");
            w.WriteStartArray("measures");
            foreach (var m in Measures)
            {
                w.WriteStartObject();
                w.WriteString("description", m.Description);
                w.WriteString("name", m.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("question", Question);
            w.WriteString("title", Title);
            w.WriteString("urgency", Urgency == Urgency.Urgent ? "urgent" : "regular");
            w.WriteString("v", "mit.platform.joint-request.v1");
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static string Normalise(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim().Normalize(NormalizationForm.FormC);

    private static bool IsSha256(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower);

    private static bool IsMediaType(string s) => MediaTypes.IsValid(s);

    /// <summary>Deadlines are whole seconds (UTC), given or computed alike: the digest carries them so.</summary>
    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset d) => new(d.Ticks - (d.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
