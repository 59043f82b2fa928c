using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Localization;
using Mit.Platform.Portal.Session;

namespace Mit.Platform.Portal.Platform;

/// <summary>
/// A refusal or failure as the user reads it: a sentence for the kind of refusal (you may not / first this must
/// happen / check the fields), the service's own explanation, and per-field messages for the form.
/// </summary>
public sealed record Problem(string Kind, string Lead, string Detail, IReadOnlyDictionary<string, string> Fields)
{
    public bool SessionExpired => Kind == "session";

    public string? Field(string name) =>
        Fields.FirstOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase) || f.Key.EndsWith("." + name, StringComparison.OrdinalIgnoreCase)).Value;

    public static Problem From(Exception e, IStringLocalizer t)
    {
        switch (e)
        {
            case SessionExpiredException:
                return new("session", t["Problem.session"], "", Empty);
            case RpcException rpc:
                var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (rpc.GetRpcStatus()?.GetDetail<BadRequest>() is { } bad)
                {
                    foreach (var v in bad.FieldViolations)
                    {
                        fields[v.Field] = fields.TryGetValue(v.Field, out var earlier) ? earlier + " " + v.Description : v.Description;
                    }
                }
                var kind = rpc.StatusCode switch
                {
                    StatusCode.PermissionDenied => "denied",
                    StatusCode.Unauthenticated => "session",
                    StatusCode.FailedPrecondition => "precondition",
                    StatusCode.InvalidArgument or StatusCode.OutOfRange => "invalid",
                    StatusCode.NotFound => "notfound",
                    StatusCode.AlreadyExists => "exists",
                    StatusCode.ResourceExhausted => "limit",
                    StatusCode.Aborted => "conflict",
                    _ => "unavailable",
                };
                return new(kind, t["Problem." + kind], rpc.Status.Detail, fields);
            default:
                return new("unavailable", t["Problem.unavailable"], "", Empty);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
