using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Mit.Platform.Briefings;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.UnitTests.Briefings;

public sealed class BriefingCipherTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("The endemic phase has been reached.");

    [Fact]
    public void Sealed_content_opens_with_the_same_master_key_and_holds_no_plaintext()
    {
        var cipher = new BriefingCipher(RandomNumberGenerator.GetBytes(32));
        var id = Guid.NewGuid();
        var sealedContent = cipher.Seal(id, Plain);
        Assert.Equal(-1, sealedContent.Ciphertext.AsSpan().IndexOf(Plain));
        Assert.Equal(Plain, cipher.Open(id, sealedContent));
        Assert.NotEqual(sealedContent.Ciphertext, cipher.Seal(id, Plain).Ciphertext);
    }

    [Fact]
    public void A_wrong_master_key_another_briefing_or_a_changed_byte_fails_closed()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var id = Guid.NewGuid();
        var sealedContent = new BriefingCipher(key).Seal(id, Plain);
        var wrong = new BriefingCipher(RandomNumberGenerator.GetBytes(32));
        Assert.Contains(sealedContent.MasterKeyId, Assert.Throws<ContentUnreadableException>(() => wrong.Open(id, sealedContent)).Message, StringComparison.Ordinal);
        Assert.Throws<ContentUnreadableException>(() => new BriefingCipher(key).Open(Guid.NewGuid(), sealedContent));
        var flipped = sealedContent.Ciphertext.ToArray();
        flipped[^1] ^= 1;
        Assert.Throws<ContentUnreadableException>(() => new BriefingCipher(key).Open(id, sealedContent with { Ciphertext = flipped }));
    }

    private static byte[] MasterKey(string environment, params (string Key, string? Value)[] settings) =>
        BriefingsModule.MasterKey(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build(),
            new Environment(environment));

    [Fact]
    public void Production_refuses_to_start_without_a_valid_master_key()
    {
        Assert.Throws<InvalidOperationException>(() => MasterKey(Environments.Production));
        Assert.Throws<InvalidOperationException>(() => MasterKey(Environments.Production, ("Briefings:MasterKeyFile", Path.GetTempFileName())));
        Assert.Throws<InvalidOperationException>(() => MasterKey(Environments.Production, ("Briefings:MasterKey", Convert.ToBase64String(new byte[16]))));
        Assert.Throws<InvalidOperationException>(() => MasterKey(Environments.Production, ("Briefings:MasterKey", "not base64!")));
        var key = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(key, MasterKey(Environments.Production, ("Briefings:MasterKey", Convert.ToBase64String(key))));
    }

    [Fact]
    public void Development_keeps_a_generated_key_in_its_key_file()
    {
        var file = Path.Combine(Path.GetTempPath(), "briefings-key-" + Guid.NewGuid().ToString("n"), "master.key");
        try
        {
            var first = MasterKey(Environments.Development, ("Briefings:MasterKeyFile", file));
            Assert.Equal(32, first.Length);
            Assert.Equal(first, MasterKey(Environments.Development, ("Briefings:MasterKeyFile", file)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void A_text_copy_carries_a_footer_naming_the_recipient_and_the_watermark_and_a_file_stays_as_it_is()
    {
        var at = new DateTimeOffset(2023, 2, 10, 9, 0, 0, TimeSpan.Zero);
        var copy = Encoding.UTF8.GetString(Watermark.Apply(Plain, "text/markdown", "MIT member (demo)", "demo-mit-member", "wm-1", at));
        Assert.StartsWith("The endemic phase", copy, StringComparison.Ordinal);
        Assert.Contains("MIT member (demo) (demo-mit-member)", copy, StringComparison.Ordinal);
        Assert.Contains("Watermark wm-1", copy, StringComparison.Ordinal);
        Assert.Equal(Plain, Watermark.Apply(Plain, "application/pdf", "x", "y", "wm-2", at));
        Assert.NotEqual(Watermark.NewId(), Watermark.NewId());
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Briefings";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
