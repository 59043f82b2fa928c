using System.Security.Cryptography;

namespace Mit.Platform.Briefings.Domain;

/// <summary>Stored content: the briefing's own key wrapped by the master key, and the content sealed by that key.</summary>
public sealed record SealedContent(byte[] WrappedKey, byte[] Ciphertext, string MasterKeyId);

/// <summary>The content cannot be opened: another master key, or the stored bytes were changed.</summary>
public sealed class ContentUnreadableException(string message) : Exception(message);

/// <summary>
/// Envelope encryption with AES-256-GCM: a fresh key per briefing seals its content; the master key (configuration)
/// wraps that key. Both are bound to the briefing id (associated data), so sealed bytes cannot be moved to another
/// briefing. A wrong master key or changed bytes fail the tag check: nothing is returned.
/// </summary>
public sealed class BriefingCipher
{
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _masterKey;

    public BriefingCipher(byte[] masterKey)
    {
        if (masterKey.Length != KeyBytes)
        {
            throw new ArgumentException($"The master key must be {KeyBytes} bytes.", nameof(masterKey));
        }
        _masterKey = masterKey.ToArray();
        MasterKeyId = Convert.ToHexStringLower(SHA256.HashData(_masterKey))[..16];
    }

    /// <summary>Names the master key without revealing it, so an operator can tell which key sealed a briefing.</summary>
    public string MasterKeyId { get; }

    public SealedContent Seal(Guid briefingId, ReadOnlySpan<byte> plaintext)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            var associated = briefingId.ToByteArray();
            return new SealedContent(Encrypt(_masterKey, dataKey, associated), Encrypt(dataKey, plaintext, associated), MasterKeyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public byte[] Open(Guid briefingId, SealedContent content)
    {
        var associated = briefingId.ToByteArray();
        byte[]? dataKey = null;
        try
        {
            dataKey = Decrypt(_masterKey, content.WrappedKey, associated);
            return Decrypt(dataKey, content.Ciphertext, associated);
        }
        catch (CryptographicException)
        {
            throw new ContentUnreadableException(content.MasterKeyId == MasterKeyId
                ? "The stored briefing content does not pass its integrity check."
                : $"The briefing was sealed with master key {content.MasterKeyId}, not the configured {MasterKeyId}.");
        }
        finally
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
    }

    // Layout: nonce | tag | ciphertext.
    private static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> plaintext, byte[] associated)
    {
        var output = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes), associated);
        return output;
    }

    private static byte[] Decrypt(byte[] key, byte[] sealedBytes, byte[] associated)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("Sealed content is too short.");
        }
        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, associated);
        return plaintext;
    }
}
