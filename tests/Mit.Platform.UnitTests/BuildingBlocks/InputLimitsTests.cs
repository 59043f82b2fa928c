using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.UnitTests.BuildingBlocks;

/// <summary>The one table of request limits stays true to the contracts: every list a caller can send has a declared maximum.</summary>
public sealed class InputLimitsTests
{
    private static readonly IReadOnlyList<FileDescriptor> Files =
        typeof(V1.AdviceRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == "Mit.Platform.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .ToList();

    private static IEnumerable<FieldDescriptor> RequestFields()
    {
        var seen = new HashSet<string>();
        var pending = new Stack<MessageDescriptor>(Files.SelectMany(f => f.Services).SelectMany(s => s.Methods).Select(m => m.InputType));
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message.FullName) || message == Timestamp.Descriptor)
            {
                continue;
            }
            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                yield return field;
                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
            }
        }
    }

    [Fact]
    public void Every_repeated_field_a_caller_can_send_has_a_declared_maximum()
    {
        var undeclared = RequestFields().Where(f => f.IsRepeated && !InputLimits.MaxItems.ContainsKey(f.FullName)).Select(f => f.FullName).ToList();
        Assert.True(undeclared.Count == 0, "Declare a maximum in InputLimits.MaxItems (and docs/operations.md) for: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Every_declared_limit_and_prose_field_exists_in_a_request()
    {
        var fields = RequestFields().ToList();
        Assert.All(InputLimits.MaxItems.Keys, name => Assert.Contains(fields, f => f.FullName == name && f.IsRepeated));
        Assert.All(InputLimits.MultiLineFields, name => Assert.Contains(fields, f => f.Name == name && f.FieldType == FieldType.String));
    }
}
