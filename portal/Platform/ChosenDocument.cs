using Google.Protobuf;

namespace Mit.Platform.Portal.Platform;

/// <summary>A document the user chose to upload: its bytes (SHA-256 already shown to them), type, and title or note.</summary>
public sealed record ChosenDocument(ByteString Content, string MediaType, string Title, string Note);
