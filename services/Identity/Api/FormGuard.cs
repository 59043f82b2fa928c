using System.Text.Json;

namespace Mit.Platform.Identity.Api;

/// <summary>
/// Reads a posted form once, before OpenIddict and the sign-in page do: a form over ASP.NET Core's limits (more than
/// 1024 fields, a key or value too long) is the caller's mistake, answered 400 invalid_request, not a 500 with a stack.
/// </summary>
internal static partial class FormGuard
{
    public static void UseFormGuard(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.HasFormContentType && HttpMethods.IsPost(context.Request.Method))
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                LogRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormGuard)), context.Request.Path, e.Message);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["error"] = "invalid_request",
                    ["error_description"] = "The form exceeds the accepted number or size of fields.",
                }), context.RequestAborted);
                return;
            }
        }
        await next();
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a form posted to {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, string reason);
}
