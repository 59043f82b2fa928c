namespace Mit.Platform.Briefings.Domain;

/// <summary>The stated limits of briefing input.</summary>
public static class BriefingLimits
{
    /// <summary>Content sent inline with AddBriefing.</summary>
    public const int MaxInlineBytes = 512 * 1024;
    /// <summary>Content of any briefing (UploadBriefing streams it in chunks); below the gateway's 4 MiB request limit.</summary>
    public const int MaxContentBytes = 3 * 1024 * 1024;
    /// <summary>Content carried inside a live update; larger briefings are read with ReadBriefing.</summary>
    public const int MaxWatchContentBytes = 256 * 1024;
    /// <summary>Size of each chunk ReadBriefing sends.</summary>
    public const int ReadChunkBytes = 64 * 1024;
    public const int MaxTitleLength = 300;
    public const int MaxMediaTypeLength = 100;
}
