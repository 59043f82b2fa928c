using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>
/// Walks every request message by its descriptor before the service sees it: repeated fields over their maximum
/// count, text fields against <see cref="TextRules"/> (normalised to NFC in place), Timestamps out of range. One
/// walk for every RPC, so a new RPC or field is covered without anyone remembering.
/// </summary>
public static class RequestGuard
{
    public static void Check(IMessage message)
    {
        var violations = new List<FieldViolation>();
        Walk(message, "", violations);
        if (violations.Count > 0)
        {
            throw new ValidationFailedException(violations);
        }
    }

    private static void Walk(IMessage message, string path, List<FieldViolation> violations)
    {
        if (message is Timestamp timestamp)
        {
            if (!Timestamps.IsRepresentable(timestamp))
            {
                violations.Add(new FieldViolation(path.TrimEnd('.'), "is not a valid time (seconds from 0001 to 9999, nanos 0 to 999 999 999)"));
            }
            return;
        }
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = path + field.Name;
            if (field.IsMap)
            {
                // No contract uses maps; refuse them whole rather than walk what nobody declared.
                if (((IDictionary)field.Accessor.GetValue(message)).Count > 0)
                {
                    violations.Add(new FieldViolation(name, "is not accepted"));
                }
                continue;
            }
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var max = InputLimits.MaxItemsOf(field);
                if (list.Count > max)
                {
                    // Checked first: nothing in an over-long list is looked at, so the error stays one line.
                    violations.Add(new FieldViolation(name, $"has {list.Count} items; at most {max} are accepted"));
                    continue;
                }
                for (var i = 0; i < list.Count; i++)
                {
                    switch (list[i])
                    {
                        case string text:
                            if (CheckText(ref text, field, $"{name}[{i}]", violations))
                            {
                                list[i] = text;
                            }
                            break;
                        case IMessage item:
                            Walk(item, $"{name}[{i}].", violations);
                            break;
                    }
                }
                continue;
            }
            switch (field.FieldType)
            {
                case FieldType.String:
                    var value = (string)field.Accessor.GetValue(message);
                    if (value.Length > 0 && CheckText(ref value, field, name, violations))
                    {
                        field.Accessor.SetValue(message, value);
                    }
                    break;
                case FieldType.Message when field.Accessor.GetValue(message) is IMessage child:
                    Walk(child, name + ".", violations);
                    break;
            }
        }
    }

    /// <summary>True when the text was changed by normalisation (and is acceptable).</summary>
    private static bool CheckText(ref string value, FieldDescriptor field, string name, List<FieldViolation> violations)
    {
        var original = value;
        var problem = TextRules.Check(ref value, InputLimits.TextKindOf(field));
        if (problem is not null)
        {
            violations.Add(new FieldViolation(name, problem));
            return false;
        }
        return !ReferenceEquals(original, value);
    }
}

/// <summary>Runs <see cref="RequestGuard"/> on every request message, streamed ones included; registered inside the error mapping.</summary>
public sealed class RequestGuardInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Guard(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Guard(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new GuardedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new GuardedReader<TRequest>(requestStream), responseStream, context);

    private static void Guard<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestGuard.Check(message);
        }
    }

    private sealed class GuardedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            Guard(inner.Current);
            return true;
        }
    }
}
