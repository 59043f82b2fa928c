using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Broken gRPC framing on every method (from the descriptors), as raw HTTP/2 through the gateway: InvalidArgument for
/// malformed frames, ResourceExhausted for every over-size, never Unknown or Internal.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FramingTests(PlatformFixture platform) : IDisposable
{
    private const string AllScopes = "advice-requests committees publication briefings";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    public static TheoryData<string> Methods() => Contracts.MethodNames();

    public static TheoryData<string> SingleMessageMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in Contracts.Methods.Where(m => !m.IsClientStreaming))
        {
            data.Add(method.FullName);
        }
        return data;
    }

    private static byte[] Frame(byte flag, uint declared, int actual)
    {
        var frame = new byte[5 + actual];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declared);
        return frame;
    }

    private async Task<(StatusCode Code, string Message)> Send(MethodDescriptor method, byte[] body, string? encoding = null, bool declareLength = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.Host.GatewayAddress, $"/{method.Service.FullName}/{method.Name}"))
        {
            Content = declareLength ? new ByteArrayContent(body) : new UnknownLengthContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (encoding is not null)
        {
            request.Headers.Add("grpc-encoding", encoding);
        }
        if (!Contracts.IsAnonymous(method))
        {
            var persona = method.Service.Name == "Briefings" ? Persona.OmtChair : Persona.Operator;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.Token(persona, AllScopes));
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var content = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode} {response.Version} {response.Headers} {content}");
        var status = response.Headers.TryGetValues("grpc-status", out var h) ? h.First()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : "missing";
        var message = response.Headers.TryGetValues("grpc-message", out var m) ? m.First()
            : response.TrailingHeaders.TryGetValues("grpc-message", out var tm) ? tm.First() : "";
        return ((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message);
    }

    private async Task Expect(StatusCode expected, string methodName, byte[] body, string? encoding = null)
    {
        // As a gRPC client sends it (no Content-Length), and with a declared length.
        foreach (var declareLength in new[] { false, true })
        {
            var (code, message) = await Send(Contracts.Method(methodName), body, encoding, declareLength);
            Assert.True(code == expected, $"{methodName} (Content-Length {(declareLength ? "sent" : "not sent")}): {code} {message}");
        }
    }

    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public Task A_compressed_flag_with_a_body_that_is_not_gzip_is_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, [1, 0, 0, 0, 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d'], "gzip");

    [Theory]
    [MemberData(nameof(Methods))]
    public Task A_compressed_flag_of_0x7f_is_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, Frame(0x7F, 0, 0));

    [Theory]
    [MemberData(nameof(Methods))]
    public Task A_frame_shorter_than_it_declares_is_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, Frame(0, 10, 3));

    [Theory]
    [MemberData(nameof(Methods))]
    public Task A_partial_frame_header_is_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, [0, 0, 0]);

    [Theory]
    [MemberData(nameof(SingleMessageMethods))]
    public Task An_empty_body_is_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, []);

    [Theory]
    [MemberData(nameof(SingleMessageMethods))]
    public Task Two_messages_on_a_single_message_call_are_invalid(string method) =>
        Expect(StatusCode.InvalidArgument, method, [.. Frame(0, 0, 0), .. Frame(0, 0, 0)]);

    [Theory]
    [MemberData(nameof(Methods))]
    public Task A_frame_declaring_more_than_the_limit_is_resource_exhausted(string method) =>
        Expect(StatusCode.ResourceExhausted, method, Frame(0, 64 * 1024 * 1024, 64 * 1024));

    [Fact]
    public async Task Broken_framing_is_not_logged_as_an_error()
    {
        var before = platform.Errors.Entries.Count;
        const string method = "mit.platform.v1.AdviceRequests.DraftRequest";
        await Expect(StatusCode.InvalidArgument, method, [1, 0, 0, 0, 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d'], "gzip");
        await Expect(StatusCode.InvalidArgument, method, Frame(0x7F, 0, 0));
        await Expect(StatusCode.InvalidArgument, method, Frame(0, 10, 3));
        await Expect(StatusCode.InvalidArgument, method, [.. Frame(0, 0, 0), .. Frame(0, 0, 0)]);
        await Expect(StatusCode.InvalidArgument, "mit.platform.v1.Briefings.UploadBriefing", Frame(0, 10, 3));
        await Expect(StatusCode.InvalidArgument, method, [0x00, 0, 0, 0, 5, 0x12, 0x64, 0x0a, 0x01, 0x41]);
        Assert.Empty(platform.Errors.Entries.Skip(before));
    }

    [Fact]
    public async Task A_real_64_mb_frame_is_resource_exhausted_like_a_5_mb_one()
    {
        await Expect(StatusCode.ResourceExhausted, "mit.platform.v1.AdviceRequests.DraftRequest", Frame(0, 5 * 1024 * 1024, 5 * 1024 * 1024));
        await Expect(StatusCode.ResourceExhausted, "mit.platform.v1.AdviceRequests.DraftRequest", Frame(0, 64 * 1024 * 1024, 64 * 1024 * 1024));
        await Expect(StatusCode.ResourceExhausted, "mit.platform.v1.PublicRecords.ListPublished", Frame(0, 64 * 1024 * 1024, 64 * 1024 * 1024));
    }
}
