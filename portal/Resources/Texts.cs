namespace Mit.Platform.Portal.Resources;

/// <summary>The portal's texts: Texts.resx (Dutch, the default) and Texts.en.resx (English).</summary>
public sealed class Texts;
