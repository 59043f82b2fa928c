using System.Buffers.Binary;
using System.IO.Compression;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>
/// Checks the gRPC length-prefixed framing of a request before grpc-dotnet reads it. grpc-dotnet answers Unknown or
/// Internal to broken framing (a bad compressed flag, a body that is not what grpc-encoding says, a frame shorter than
/// it declares, an empty body, two messages on a unary call) and logs an error with a stack trace; a client's mistake
/// deserves InvalidArgument, and every frame over the size limit ResourceExhausted, logged as a warning.
/// Unary and server-streaming bodies (one message) are read and checked whole; client streams are checked frame by
/// frame as the service reads them.
/// </summary>
public sealed partial class GrpcFramingGuard(RequestDelegate next, ILogger<GrpcFramingGuard> logger, int maxMessageBytes)
{
    private const int HeaderBytes = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>();
        if (method is null || !GrpcStatusResponse.IsGrpc(context.Request))
        {
            await next(context);
            return;
        }
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        if (method.Method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            context.Request.Body = new FrameCheckingStream(context.Request.Body, maxMessageBytes, encoding);
            await next(context);
            return;
        }
        var (body, refusal) = await ReadSingleMessage(context.Request.Body, encoding, context.RequestAborted);
        if (refusal is { } r)
        {
            LogRefused(logger, context.Request.Path, r.Status.StatusCode, r.Status.Detail);
            if (GrpcStatusResponse.TryWrite(context, (int)r.Status.StatusCode, r.Status.Detail))
            {
                return;
            }
        }
        context.Request.Body = new MemoryStream(body!, writable: false);
        await next(context);
    }

    private async Task<(byte[]? Body, RpcException? Refusal)> ReadSingleMessage(Stream body, string encoding, CancellationToken ct)
    {
        var header = new byte[HeaderBytes];
        var read = await body.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, ct);
        if (read == 0)
        {
            return (null, Invalid("The request has no message."));
        }
        if (read < HeaderBytes)
        {
            return (null, Invalid("The request ends inside a gRPC frame header."));
        }
        if (CheckHeader(header, maxMessageBytes, encoding) is { } refusal)
        {
            return (null, refusal);
        }
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        var message = new byte[HeaderBytes + length];
        header.CopyTo(message, 0);
        if (await body.ReadAtLeastAsync(message.AsMemory(HeaderBytes), length, throwOnEndOfStream: false, ct) < length)
        {
            return (null, Invalid("The gRPC frame is shorter than its declared length."));
        }
        if (header[0] == 1 && CheckCompressed(message.AsMemory(HeaderBytes), encoding, maxMessageBytes) is { } bad)
        {
            return (null, bad);
        }
        if (await body.ReadAsync(new byte[1], ct) > 0)
        {
            return (null, Invalid("A unary request carries exactly one message."));
        }
        return (message, null);
    }

    /// <summary>The compressed flag and the declared length of one frame.</summary>
    private static RpcException? CheckHeader(ReadOnlySpan<byte> header, int max, string encoding)
    {
        if (header[0] > 1)
        {
            return Invalid($"The gRPC compressed flag is {header[0]}; only 0 and 1 exist.");
        }
        if (header[0] == 1 && (encoding.Length == 0 || encoding == "identity"))
        {
            return Invalid("The message is marked compressed, but the request names no grpc-encoding.");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return length > max
            ? new RpcException(new Status(StatusCode.ResourceExhausted, $"The message declares {length} bytes; at most {max} are accepted."))
            : null;
    }

    /// <summary>A compressed message must decompress as its grpc-encoding says, to no more than the limit.</summary>
    private static RpcException? CheckCompressed(ReadOnlyMemory<byte> payload, string encoding, int max)
    {
        Stream? decompressor = encoding switch
        {
            "gzip" => new GZipStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress),
            "deflate" => new ZLibStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress),
            // grpc-dotnet answers Unimplemented for an encoding it does not know.
            _ => null,
        };
        if (decompressor is null)
        {
            return null;
        }
        using (decompressor)
        {
            try
            {
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = decompressor.Read(buffer)) > 0)
                {
                    total += n;
                    if (total > max)
                    {
                        return new RpcException(new Status(StatusCode.ResourceExhausted, $"The message decompresses to more than {max} bytes."));
                    }
                }
                return null;
            }
            catch (InvalidDataException)
            {
                return Invalid($"The message is not valid {encoding} data.");
            }
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a gRPC request to {Path}: {Code} {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, StatusCode code, string reason);

    /// <summary>Checks each frame of a client stream as it is read; a broken one fails the read with its status.</summary>
    private sealed class FrameCheckingStream(Stream inner, int max, string encoding) : Stream
    {
        private readonly byte[] _header = new byte[HeaderBytes];
        private int _headerFill;
        private long _payloadLeft;
        private MemoryStream? _compressed;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            if (n == 0)
            {
                if (_headerFill > 0 || _payloadLeft > 0)
                {
                    throw Invalid("The request ends inside a gRPC frame.");
                }
                return 0;
            }
            Inspect(buffer.Span[..n]);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Inspect(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                if (_payloadLeft > 0)
                {
                    var take = (int)Math.Min(_payloadLeft, data.Length);
                    _compressed?.Write(data[..take]);
                    _payloadLeft -= take;
                    data = data[take..];
                    if (_payloadLeft == 0)
                    {
                        EndOfFrame();
                    }
                    continue;
                }
                var copy = Math.Min(HeaderBytes - _headerFill, data.Length);
                data[..copy].CopyTo(_header.AsSpan(_headerFill));
                _headerFill += copy;
                data = data[copy..];
                if (_headerFill == HeaderBytes)
                {
                    _headerFill = 0;
                    if (CheckHeader(_header, max, encoding) is { } refusal)
                    {
                        throw refusal;
                    }
                    _payloadLeft = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
                    _compressed = _header[0] == 1 ? new MemoryStream() : null;
                    if (_payloadLeft == 0)
                    {
                        EndOfFrame();
                    }
                }
            }
        }

        private void EndOfFrame()
        {
            if (_compressed is not null && CheckCompressed(_compressed.ToArray(), encoding, max) is { } bad)
            {
                throw bad;
            }
            _compressed = null;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
