using Microsoft.AspNetCore.Http.Features;
using Mit.Platform.BuildingBlocks.Grpc;
using Yarp.ReverseProxy.Forwarder;

namespace Mit.Platform.Gateway;

/// <summary>
/// A gRPC client reads a plain HTTP error (413, 502) as Unknown. When the proxy itself fails a gRPC call before
/// any response started, answer with a gRPC status instead: too large → ResourceExhausted, service down → Unavailable.
/// </summary>
internal static class GrpcProxyErrors
{
    public static void Translate(HttpContext context)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || !GrpcStatusResponse.IsGrpc(context.Request))
        {
            return;
        }
        var (code, message) = error.Exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (8, "The request is larger than the gateway accepts."),
            // Only when the caller really went away; a replica dying mid-call also surfaces as a cancelled forward.
            _ when context.RequestAborted.IsCancellationRequested =>
                (1, "The client cancelled the request."),
            _ => (14, "The service is unavailable; retry later."),
        };
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && code == 8)
        {
            limit.MaxRequestBodySize = null;
        }
        context.Response.Clear();
        GrpcStatusResponse.TryWrite(context, code, message);
    }
}
