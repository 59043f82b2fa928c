using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>Writes a trailers-only gRPC response (HTTP 200, grpc-status) for middleware that refuses a gRPC call.</summary>
public static class GrpcStatusResponse
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static bool TryWrite(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted || !IsGrpc(context.Request))
        {
            return false;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
        return true;
    }
}
