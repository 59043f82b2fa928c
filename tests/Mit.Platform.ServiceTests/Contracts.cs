using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Every service and method of the platform's contracts, read from the generated descriptors (not a hand list), and
/// the fields of each request message with a way to build a request that sets exactly one of them. A new RPC or
/// field is covered by the descriptor-driven tests without anyone remembering it.
/// </summary>
internal static class Contracts
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
        typeof(V1.AdviceRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == "Mit.Platform.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .SelectMany(f => f.Services)
            .OrderBy(s => s.FullName, StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(s => s.Methods);

    public static MethodDescriptor Method(string fullName) => Methods.Single(m => m.FullName == fullName);

    /// <summary>The anonymous API is called without a token, as anyone on the internet.</summary>
    public static bool IsAnonymous(MethodDescriptor method) => method.Service.Name == "PublicRecords";

    public static TheoryData<string> MethodNames()
    {
        var data = new TheoryData<string>();
        foreach (var method in Methods)
        {
            data.Add(method.FullName);
        }
        return data;
    }

    /// <summary>One field reachable in a request: the chain of fields from the request message down to it.</summary>
    public sealed record FieldPath(IReadOnlyList<FieldDescriptor> Chain)
    {
        public FieldDescriptor Leaf => Chain[^1];

        /// <summary>The name a violation must carry, e.g. "content.measures[0].name".</summary>
        public string Name => string.Join(".", Chain.Take(Chain.Count - 1).Select(f => f.Name + (f.IsRepeated ? "[0]" : ""))
            .Append(Leaf.Name));

        /// <summary>A request whose only content is what <paramref name="setLeaf"/> puts into the leaf's message.</summary>
        public IMessage Build(MessageDescriptor request, Action<IMessage, FieldDescriptor> setLeaf)
        {
            var root = New(request);
            var parent = root;
            foreach (var field in Chain.Take(Chain.Count - 1))
            {
                var child = New(field.MessageType);
                if (field.IsRepeated)
                {
                    ((IList)field.Accessor.GetValue(parent)).Add(child);
                }
                else
                {
                    field.Accessor.SetValue(parent, child);
                }
                parent = child;
            }
            setLeaf(parent, Leaf);
            return root;
        }
    }

    public static IMessage New(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    /// <summary>Every field reachable from the message (through message fields, one item of each list), Timestamps as leaves.</summary>
    public static IEnumerable<FieldPath> Fields(MessageDescriptor message) => Fields(message, [], 0);

    private static IEnumerable<FieldPath> Fields(MessageDescriptor message, IReadOnlyList<FieldDescriptor> prefix, int depth)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var chain = prefix.Append(field).ToList();
            yield return new FieldPath(chain);
            if (field.FieldType == FieldType.Message && field.MessageType != Timestamp.Descriptor && depth < 6)
            {
                foreach (var nested in Fields(field.MessageType, chain, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Sends the request as raw bytes on the method (any kind); the status the service answered, or OK.</summary>
    public static async Task<RpcException?> Call(CallInvoker invoker, MethodDescriptor method, byte[] body)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var raw = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name,
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(raw, null, options, body);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(raw, null, options, body))
                    {
                        // One item is enough: a refused request fails before the first.
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.WriteAsync(body);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.WriteAsync(body);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
            }
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    public static int MaxItems(FieldDescriptor field) => InputLimits.MaxItemsOf(field);
}
