using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>The one serializer configuration of aggregates kept as JSON documents: enums by name, instants in UTC.</summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter(), new UtcInstantConverter() } };

    public static string Serialize<T>(T aggregate) => JsonSerializer.Serialize(aggregate, Options);

    public static T Deserialize<T>(string document) => JsonSerializer.Deserialize<T>(document, Options)!;

    /// <summary>
    /// Writes instants in UTC, and reads any offset as the same instant in UTC: documents stored when an aggregate
    /// carried local (Dutch) time stay readable and mean what they meant.
    /// </summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime());
    }
}
