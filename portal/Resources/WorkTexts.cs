namespace Mit.Platform.Portal.Resources;

/// <summary>The texts of the standby, audit and publication pages: WorkTexts.resx (Dutch, the default) and WorkTexts.en.resx (English).</summary>
public sealed class WorkTexts;
