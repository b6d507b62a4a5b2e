using System.Reflection;
using System.Text.Json;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients.Tests.Core;

/// <summary>
/// Every value a provider sends for a status is one kind of value on all three clients: an extensible
/// enumeration (Azure's pattern) that keeps a value the SDK does not document, compares and prints.
/// </summary>
public class Provider_statuses_are_extensible_enumerations
{
    private static readonly Type[] Statuses =
    [
        typeof(OptimalDialUploadStatus), typeof(OptimalDialUploadSource), typeof(OptimalDialWebhookDeliveryStatus),
        typeof(OrbitSearchSourceStatus), typeof(TalkdeskStatus),
    ];

    [Fact]
    public void Every_status_of_every_client_has_the_same_shape()
    {
        // Any public type of the SDK named *Status that the providers send, in the three provider namespaces.
        var found = typeof(OptimalDialClient).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "UploadClients.OptimalDial" or "UploadClients.OrbitSearch" or "UploadClients.Talkdesk")
            .Where(t => t.Name.EndsWith("Status", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(Statuses.Select(t => t.Name).Where(n => n.EndsWith("Status", StringComparison.Ordinal)).Order(), found.Select(t => t.Name).Order());

        Assert.All(Statuses, type =>
        {
            Assert.True(type.IsValueType && !type.IsEnum, $"{type.Name} is a struct, not an enum");
            Assert.NotNull(type.GetCustomAttribute<System.Runtime.CompilerServices.IsReadOnlyAttribute>());
            Assert.Contains(typeof(IEquatable<>).MakeGenericType(type), type.GetInterfaces());
            Assert.NotNull(type.GetMethod("op_Implicit", [typeof(string)]));
            Assert.NotNull(type.GetProperty("IsDocumented"));
            Assert.NotNull(type.GetConstructor([typeof(string)]));
        });
    }

    [Fact]
    public void The_documented_values_are_the_providers_spellings()
    {
        Assert.Equal("completed", OptimalDialUploadStatus.Completed.ToString());
        Assert.Equal("validation_failed", OptimalDialUploadStatus.ValidationFailed.ToString());
        Assert.Equal("awaiting_confirmation", OptimalDialUploadStatus.AwaitingConfirmation.ToString());
        Assert.Equal("in_flight", OptimalDialWebhookDeliveryStatus.InFlight.ToString());
        Assert.Equal("pending", OrbitSearchSourceStatus.Pending.ToString());
        Assert.Equal("VALIDATION_STARTED", TalkdeskStatus.ValidationStarted.ToString());
        Assert.Equal("api", OptimalDialUploadSource.Api.ToString());
    }

    [Fact]
    public void A_new_value_is_kept_compared_ignoring_case_and_ends_no_wait()
    {
        OptimalDialUploadStatus added = "quarantined";

        Assert.Equal("quarantined", added.ToString());
        Assert.False(added.IsDocumented);
        Assert.True(OptimalDialUploadStatus.Completed.IsDocumented);
        Assert.Equal(OptimalDialUploadStatus.Completed, new OptimalDialUploadStatus("COMPLETED"));
        Assert.Equal(OptimalDialUploadStatus.Completed.GetHashCode(), new OptimalDialUploadStatus("Completed").GetHashCode());
        Assert.NotEqual(OptimalDialUploadStatus.Completed, added);
        Assert.False(new OptimalDialUpload { Status = added }.IsTerminal);
        Assert.False(new TalkdeskStatus("ARCHIVED").IsTerminal);
        Assert.True(new TalkdeskStatus("accepted").IsTerminal);
        Assert.False(new OrbitSearchSourceStatus("queued").IsTerminal);
        Assert.Equal(string.Empty, default(OrbitSearchSourceStatus).ToString());
        Assert.Throws<ArgumentNullException>(() => new TalkdeskStatus(null!));
    }

    [Fact]
    public void A_null_string_converts_to_the_empty_value_and_never_throws()
    {
        // Found by attacking the change: the implicit conversion threw, so comparing with a null string,
        // Equals(null) and a conditional with a bare null compiled and then threw ArgumentNullException.
        string? none = null;
        TalkdeskStatus converted = none;
        var cond = DateTime.UtcNow.Year > 2000;
        TalkdeskStatus? fromConditional = cond ? null : "ACCEPTED";

        Assert.Equal(default, converted);
        Assert.False(TalkdeskStatus.Accepted == none);
        Assert.False(OptimalDialUploadStatus.Completed.Equals(null));
        Assert.Equal(string.Empty, fromConditional?.ToString());
        Assert.False(fromConditional?.IsDocumented ?? true);
    }

    [Fact]
    public void The_json_text_round_trips_whatever_the_value()
    {
        var upload = JsonSerializer.Deserialize("""{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"quarantined","source":"sftp"}""", OptimalDialJsonContext.Default.OptimalDialUpload)!;
        var written = JsonSerializer.Serialize(upload, OptimalDialJsonContext.Default.OptimalDialUpload);

        // Before: read as Unknown and written back as "unknown" (a journal's result lost the provider's value).
        Assert.Contains("\"status\":\"quarantined\"", written, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"sftp\"", written, StringComparison.Ordinal);
        Assert.Equal("quarantined", JsonSerializer.Deserialize(written, OptimalDialJsonContext.Default.OptimalDialUpload)!.Status.ToString());
    }

    [Fact]
    public void Every_status_with_final_values_says_which_and_keys_a_json_dictionary()
    {
        Assert.True(OptimalDialUploadStatus.ValidationFailed.IsTerminal);
        Assert.False(OptimalDialUploadStatus.AwaitingConfirmation.IsTerminal);
        Assert.True(OptimalDialWebhookDeliveryStatus.Exhausted.IsTerminal);
        Assert.False(OptimalDialWebhookDeliveryStatus.InFlight.IsTerminal);

        // Found by trying the package as a user: a status as a dictionary key threw NotSupportedException.
        var counts = new Dictionary<OptimalDialUploadStatus, int> { [OptimalDialUploadStatus.Completed] = 2, ["quarantined"] = 1 };
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        var json = JsonSerializer.Serialize(counts, options);
        Assert.Equal("""{"completed":2,"quarantined":1}""", json);
        Assert.Equal(1, JsonSerializer.Deserialize<Dictionary<OptimalDialUploadStatus, int>>(json, options)!["QUARANTINED"]);
    }

    [Fact]
    public void Switching_on_a_status_takes_when_guards()
    {
        static string Color(TalkdeskStatus? status) => status switch
        {
            null => "grey",
            var s when s == TalkdeskStatus.Accepted => "green",
            var s when s.Value.IsTerminal => "red",
            _ => "blue",
        };

        Assert.Equal("green", Color("ACCEPTED"));
        Assert.Equal("red", Color(TalkdeskStatus.Corrupted));
        Assert.Equal("blue", Color("A_STATUS_FROM_2031"));
        Assert.Equal("grey", Color(null));
    }
}
