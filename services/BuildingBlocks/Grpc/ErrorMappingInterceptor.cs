using System.Data.Common;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Mit.Platform.BuildingBlocks.Domain;
using RpcStatus = Google.Rpc.Status;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>The one place where failures become gRPC statuses, so every service answers alike.</summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case ValidationFailedException v:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(v.Reported.Select(f =>
                    new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }));
                return new RpcStatus
                {
                    Code = (int)Code.InvalidArgument,
                    Message = e.Message,
                    Details = { Any.Pack(badRequest) },
                }.ToRpcException();
            case RuleViolationException:
                return Status(StatusCode.FailedPrecondition, e.Message);
            case AccessDeniedException:
                return Status(StatusCode.PermissionDenied, e.Message);
            case NotFoundException:
                return Status(StatusCode.NotFound, e.Message);
            case AlreadyExistsException:
                return Status(StatusCode.AlreadyExists, e.Message);
            case UnavailableException:
                return Status(StatusCode.Unavailable, e.Message);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Status(StatusCode.Cancelled, "The call was cancelled.");
            case DbUpdateConcurrencyException:
                return Status(StatusCode.Aborted, "The record changed concurrently; retry with the same idempotency key.");
            case var store when IsStoreUnavailable(store):
                LogUnavailable(logger, context.Method, e);
                return Status(StatusCode.Unavailable, "The store is unavailable; retry with the same idempotency key.");
            default:
                LogUnexpected(logger, context.Method, e);
                return Status(StatusCode.Internal, "Unexpected server error; it has been logged.");
        }
    }

    /// <summary>
    /// A store that went away, also when wrapped: EF Core reports a transient database error as an InvalidOperationException
    /// around the NpgsqlException ("likely due to a transient failure"), which must reach the caller as Unavailable too.
    /// </summary>
    public static bool IsStoreUnavailable(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbUpdateException or DbException or TimeoutException or StackExchange.Redis.RedisException)
            {
                return true;
            }
        }
        return false;
    }

    private static RpcException Status(StatusCode code, string message) => new(new global::Grpc.Core.Status(code, message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable in {Method}")]
    private static partial void LogUnavailable(ILogger logger, string method, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception e);
}
