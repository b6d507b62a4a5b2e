using System.Text.Json;
using System.Text.Json.Nodes;
using UploadClients.OptimalDial;
using UploadClients.Tests.Contract;

namespace UploadClients.Tests.OptimalDial;

/// <summary>
/// The Upload object read field by field (OptimalDialUploadReader, which spares a poll the boxing of
/// System.Text.Json's constructor path) gives what the generated reader gives, on the documented
/// example and on every tolerant-reader case, and fails where it fails.
/// </summary>
public class An_upload_read_field_by_field
{
    private static string Documented => Fixture.Text("optimaldial/retrieve-an-upload.response.json");

    private static string With(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Documented)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static TheoryData<string, string> Bodies => new()
    {
        { "documented", Documented },
        { "create answer", Fixture.Text("optimaldial/create-an-upload.response.json") },
        { "trimmed", """{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"validating"}""" },
        { "unknown fields and an unknown status", With(o => { o["status"] = "quarantined"; o["new_field"] = new JsonObject { ["x"] = 1 }; o["tags"] = new JsonArray(1, 2); }) },
        { "nulls", With(o => { o["original_filename"] = null; o["storage_path"] = null; o["organization_id"] = null; o["error_message"] = null; o["valid_row_count"] = null; o["source"] = null; o["skip_mobile_lookup"] = null; }) },
        { "unix-second dates", With(o => { o["created_at"] = 1699335116; o["updated_at"] = 1699335116.5; }) },
        { "ids that are not UUIDs", With(o => { o["user_id"] = "usr_01HABCD"; o["organization_id"] = "01HABCDEFG"; o["api_key_id"] = 42; }) },
        { "an unknown source", With(o => o["source"] = "sftp") },
        { "a repeated field", Documented.TrimEnd().TrimEnd('}') + ""","status":"completed"}""" },
        { "no id", With(o => o.Remove("id")) },
        { "no status", With(o => o.Remove("status")) },
        { "a null id", With(o => o["id"] = null) },
        { "a count as a string", With(o => o["valid_row_count"] = "12") },
        { "a fractional count", With(o => o["credits_charged"] = 1.5) },
        { "a name as a number", With(o => o["original_filename"] = 7) },
        { "a flag as a string", With(o => o["skip_mobile_lookup"] = "true") },
        { "a size as a fraction", With(o => o["file_size_bytes"] = 1.25) },
        { "a size past Int32", With(o => o["file_size_bytes"] = 5_000_000_000L) },
        { "an id that is not a UUID", With(o => o["id"] = "upl_01HABCD") },
        { "an id as a number", With(o => o["id"] = 7) },
        { "a count past Int32", With(o => o["valid_row_count"] = 3_000_000_000L) },
        { "an array", "[]" },
        { "a string", "\"x\"" },
        { "a property cut off", """{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Equals_the_generated_reading(string what, string json)
    {
        var generated = Read(json, OptimalDialJsonContext.Default.OptimalDialUpload);
        var fieldByField = Read(json, OptimalDialUploadReader.TypeInfo);

        Assert.True(Equals(generated.Upload, fieldByField.Upload), $"{what}: {generated.Upload} against {fieldByField.Upload}");
        Assert.Equal(generated.Error is null, fieldByField.Error is null);
    }

    [Fact]
    public void Writes_what_the_generated_metadata_writes()
    {
        var upload = JsonSerializer.Deserialize(Documented, OptimalDialUploadReader.TypeInfo)!;

        Assert.Equal(JsonSerializer.Serialize(upload, OptimalDialJsonContext.Default.OptimalDialUpload), JsonSerializer.Serialize(upload, OptimalDialUploadReader.TypeInfo));
        Assert.Equal(12000, upload.ValidRowCount);
        Assert.Equal(OptimalDialUploadSource.Web, upload.Source);
    }

    private static (OptimalDialUpload? Upload, JsonException? Error) Read(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<OptimalDialUpload> typeInfo)
    {
        try
        {
            return (JsonSerializer.Deserialize(json, typeInfo), null);
        }
        catch (JsonException ex)
        {
            return (null, ex);
        }
    }
}
