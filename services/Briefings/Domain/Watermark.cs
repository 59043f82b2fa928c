using System.Globalization;
using System.Text;

namespace Mit.Platform.Briefings.Domain;

/// <summary>Every delivered copy is marked for its recipient, so a leaked copy can be traced to who received it.</summary>
public static class Watermark
{
    public static string NewId() => "wm-" + Guid.NewGuid().ToString("N");

    public static bool IsText(string mediaType) => mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The recipient's copy: text gets a footer naming the recipient and the watermark id; files stay as they are.</summary>
    public static byte[] Apply(byte[] content, string mediaType, string recipientName, string recipient, string watermarkId, DateTimeOffset now)
    {
        if (!IsText(mediaType))
        {
            return content;
        }
        var footer = Encoding.UTF8.GetBytes(Footer(recipientName, recipient, watermarkId, now));
        var copy = new byte[content.Length + footer.Length];
        content.CopyTo(copy, 0);
        footer.CopyTo(copy, content.Length);
        return copy;
    }

    public static string Footer(string recipientName, string recipient, string watermarkId, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture,
            $"\n\n---\nConfidential copy for {recipientName} ({recipient}), {now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z. Watermark {watermarkId}. Do not forward.\n");
}
