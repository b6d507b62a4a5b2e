using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace UploadClients.OptimalDial;

/// <summary>
/// Reads the Upload object of an API answer (create, status GET) field by field. System.Text.Json's
/// generated reader takes an init-only model through its constructor path, which boxes each of the
/// 14 value-typed fields into an array of objects on every read: about 450 bytes a poll. This reader
/// keeps every rule of the generated one (the status, source and date fields through the same
/// converters, the primitives read as strictly as it reads them): the documented snake_case names
/// (case-sensitive), <c>id</c> and <c>status</c> required, unknown fields skipped, dates in ISO 8601 or
/// unix seconds, the tolerant ids, a null <c>original_filename</c> read as empty. Writing (the journal)
/// stays with the generated metadata; <c>An_upload_read_field_by_field_equals_the_generated_reading</c>
/// holds the two readers to the same results.
/// </summary>
internal sealed class OptimalDialUploadReader : JsonConverter<OptimalDialUpload>
{
    /// <summary>The metadata ProviderHttp reads answers with.</summary>
    internal static JsonTypeInfo<OptimalDialUpload> TypeInfo { get; } =
        JsonMetadataServices.CreateValueInfo<OptimalDialUpload>(OptimalDialJsonContext.Default.Options, new OptimalDialUploadReader());

    private static readonly TolerantGuidConverter TolerantGuid = new();
    private static readonly TolerantNullableGuidConverter TolerantNullableGuid = new();

    public override OptimalDialUpload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The upload is a JSON {reader.TokenType}, not an object.");
        }

        var json = OptimalDialJsonContext.Default;
        Guid? id = null;
        OptimalDialUploadStatus? status = null;
        Guid userId = default;
        string? originalFilename = null, storagePath = null, processedStoragePath = null, processedFilteredStoragePath = null, errorMessage = null;
        DateTimeOffset createdAt = default, updatedAt = default;
        Guid? organizationId = null, apiKeyId = null;
        long? fileSizeBytes = null;
        int? validRowCount = null, invalidRowCount = null, creditsRequired = null, creditsCharged = null, creditsRefunded = null;
        OptimalDialUploadSource? source = null;
        bool? skipMobileLookup = null, exceededDailyLimit = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("id"u8)) id = reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var value) ? value : throw Invalid("id", reader);
            else if (name.ValueTextEquals("status"u8)) status = JsonSerializer.Deserialize(ref reader, json.OptimalDialUploadStatus);
            else if (name.ValueTextEquals("user_id"u8)) userId = TolerantGuid.Read(ref reader, typeof(Guid), options);
            else if (name.ValueTextEquals("original_filename"u8)) originalFilename = String("original_filename", ref reader);
            else if (name.ValueTextEquals("storage_path"u8)) storagePath = String("storage_path", ref reader);
            else if (name.ValueTextEquals("created_at"u8)) createdAt = JsonSerializer.Deserialize(ref reader, json.DateTimeOffset);
            else if (name.ValueTextEquals("updated_at"u8)) updatedAt = JsonSerializer.Deserialize(ref reader, json.DateTimeOffset);
            else if (name.ValueTextEquals("organization_id"u8)) organizationId = TolerantNullableGuid.Read(ref reader, typeof(Guid?), options);
            else if (name.ValueTextEquals("file_size_bytes"u8)) fileSizeBytes = Int64("file_size_bytes", ref reader);
            else if (name.ValueTextEquals("valid_row_count"u8)) validRowCount = Int32("valid_row_count", ref reader);
            else if (name.ValueTextEquals("invalid_row_count"u8)) invalidRowCount = Int32("invalid_row_count", ref reader);
            else if (name.ValueTextEquals("credits_required"u8)) creditsRequired = Int32("credits_required", ref reader);
            else if (name.ValueTextEquals("credits_charged"u8)) creditsCharged = Int32("credits_charged", ref reader);
            else if (name.ValueTextEquals("credits_refunded"u8)) creditsRefunded = Int32("credits_refunded", ref reader);
            else if (name.ValueTextEquals("source"u8)) source = JsonSerializer.Deserialize(ref reader, json.NullableOptimalDialUploadSource);
            else if (name.ValueTextEquals("api_key_id"u8)) apiKeyId = TolerantNullableGuid.Read(ref reader, typeof(Guid?), options);
            else if (name.ValueTextEquals("skip_mobile_lookup"u8)) skipMobileLookup = Boolean("skip_mobile_lookup", ref reader);
            else if (name.ValueTextEquals("processed_storage_path"u8)) processedStoragePath = String("processed_storage_path", ref reader);
            else if (name.ValueTextEquals("processed_filtered_storage_path"u8)) processedFilteredStoragePath = String("processed_filtered_storage_path", ref reader);
            else if (name.ValueTextEquals("error_message"u8)) errorMessage = String("error_message", ref reader);
            else if (name.ValueTextEquals("exceeded_daily_limit"u8)) exceededDailyLimit = Boolean("exceeded_daily_limit", ref reader);
            else reader.Skip();
        }

        if (id is null || status is null)
        {
            throw new JsonException($"JSON deserialization for type '{typeof(OptimalDialUpload)}' was missing required properties including: {(id is null ? "'id'" : "'status'")}.");
        }

        return new OptimalDialUpload
        {
            Id = id.Value,
            UserId = userId,
            OriginalFilename = originalFilename!,
            StoragePath = storagePath!,
            Status = status.Value,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            OrganizationId = organizationId,
            FileSizeBytes = fileSizeBytes,
            ValidRowCount = validRowCount,
            InvalidRowCount = invalidRowCount,
            CreditsRequired = creditsRequired,
            CreditsCharged = creditsCharged,
            CreditsRefunded = creditsRefunded,
            Source = source,
            ApiKeyId = apiKeyId,
            SkipMobileLookup = skipMobileLookup,
            ProcessedStoragePath = processedStoragePath,
            ProcessedFilteredStoragePath = processedFilteredStoragePath,
            ErrorMessage = errorMessage,
            ExceededDailyLimit = exceededDailyLimit,
        };
    }

    // The primitives read as the generated reader reads them (a number as a whole number only, no
    // string for a number), without a serializer call per field; a wrong kind is a JsonException.
    private static string? String(string field, ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw Invalid(field, reader),
    };

    private static int? Int32(string field, ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value
        : throw Invalid(field, reader);

    private static long? Int64(string field, ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value
        : throw Invalid(field, reader);

    private static bool? Boolean(string field, ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Invalid(field, reader),
    };

    private static JsonException Invalid(string field, Utf8JsonReader reader) =>
        new($"The JSON value of '{field}' ({reader.TokenType}) could not be converted.", "$." + field, null, reader.TokenStartIndex);

    /// <summary>Writes with the generated metadata (this reader is never registered for writing).</summary>
    public override void Write(Utf8JsonWriter writer, OptimalDialUpload value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, OptimalDialJsonContext.Default.OptimalDialUpload);
}
