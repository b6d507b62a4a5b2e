using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Talkdesk;

public class Talkdesk_limits_are_checked_before_anything_is_sent
{
    private static async Task<UploadValidationException> RefusedAsync(TestHost host, TalkdeskCreateUploadRequest request)
    {
        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, request));
        Assert.Empty(host.Harness.Journal.Entries);
        return ex;
    }

    [Fact]
    public async Task A_20001_byte_file_is_refused()
    {
        using var host = TestHost.Start();
        var bytes = Encoding.UTF8.GetBytes("phone\n" + new string('1', 20_001 - 6));
        Assert.Equal(20_001, bytes.Length);

        var ex = await RefusedAsync(host, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(bytes, "big.csv") });

        Assert.Contains("20,000 bytes", ex.Message);
        Assert.Contains("split it", ex.Message);
    }

    [Fact]
    public async Task A_20001_byte_non_seekable_stream_is_refused_after_reading_at_most_20001_bytes()
    {
        using var host = TestHost.Start();
        var stream = new ForwardOnlyStream(Encoding.UTF8.GetBytes("phone\n" + new string('1', 50_000)));

        var ex = await RefusedAsync(host, new TalkdeskCreateUploadRequest { File = UploadFile.FromStream(stream, "big.csv") });

        Assert.Contains("20,000 bytes", ex.Message);
        Assert.True(stream.BytesRead <= 20_001);
    }

    [Fact]
    public async Task A_20000_byte_file_is_accepted()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var bytes = Encoding.UTF8.GetBytes("phone\n" + new string('1', 20_000 - 6));

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(bytes, "max.csv") }));

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
    }

    [Fact]
    public async Task A_36_character_name_is_refused()
    {
        using var host = TestHost.Start();
        var name = new string('n', 32) + ".csv";
        Assert.Equal(36, name.Length);

        var ex = await RefusedAsync(host, new TalkdeskCreateUploadRequest { File = TestCsv.File(3, name) });

        Assert.Contains("at most 35", ex.Message);
    }

    [Fact]
    public async Task An_empty_file_and_a_file_without_a_header()
    {
        using var host = TestHost.Start();
        await RefusedAsync(host, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(Array.Empty<byte>(), "e.csv") });
        await RefusedAsync(host, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes("\r\n1\r\n"u8.ToArray(), "h.csv") });
    }

    [Fact]
    public async Task A_callback_without_method_or_with_a_relative_endpoint()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new TalkdeskCreateUploadRequest
        {
            File = TestCsv.File(3),
            CallbackAction = new TalkdeskCallbackAction { Endpoint = new Uri("/relative", UriKind.Relative), Method = " " },
        });

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("CallbackAction.Endpoint", ex.Message);
        Assert.Contains("CallbackAction.Method", ex.Message);
    }
}

public class The_create_request_body_follows_the_documented_example
{
    [Fact]
    public async Task Callback_action_and_atlas_notification_are_serialised_like_the_page()
    {
        using var host = TestHost.Start();
        var request = new TalkdeskCreateUploadRequest
        {
            File = TestCsv.File(3, "recordList.csv"),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("https://endpoint.example/callback"),
                Method = "POST",
                Body = new JsonObject { ["address"] = "old street" },
                Headers = new Dictionary<string, string> { ["x-api-key"] = "secret key value" },
            },
            SendAtlasNotification = true,
        };

        var created = await host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, request);

        var body = host.Harness.Talkdesk.CreateBody(created.Id)!;
        Assert.Equal(["csv_metadata", "callback_action", "send_atlas_notification"], body.Select(p => p.Key));
        Assert.Equal(["filename", "byte_size", "checksum", "content_type"], body["csv_metadata"]!.AsObject().Select(p => p.Key));
        var callback = body["callback_action"]!.AsObject();
        Assert.Equal(["endpoint", "method", "body", "headers"], callback.Select(p => p.Key));
        Assert.Equal("https://endpoint.example/callback", callback["endpoint"]!.GetValue<string>());
        Assert.Equal("POST", callback["method"]!.GetValue<string>());
        Assert.Equal("old street", callback["body"]!["address"]!.GetValue<string>());
        Assert.Equal("secret key value", callback["headers"]!["x-api-key"]!.GetValue<string>());
        Assert.True(body["send_atlas_notification"]!.GetValue<bool>());
        Assert.DoesNotContain("secret key value", request.CallbackAction.ToString());
        Assert.Contains("x-api-key", request.CallbackAction.ToString());
    }

    [Fact]
    public async Task Optional_members_are_left_out()
    {
        using var host = TestHost.Start();
        var created = await host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3) });

        Assert.Equal(["csv_metadata"], host.Harness.Talkdesk.CreateBody(created.Id)!.Select(p => p.Key));
    }

    [Fact]
    public async Task Callback_header_values_never_appear_in_errors()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(400, "{\"code\":\"1001\",\"message\":\"Bad callback\",\"description\":\"header x-api-key=hunter2-callback-secret is not allowed\",\"fields\":[]}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest
        {
            File = TestCsv.File(3),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("https://cb.example/x"),
                Method = "POST",
                Headers = new Dictionary<string, string> { ["x-api-key"] = "hunter2-callback-secret" },
            },
        }));

        Assert.DoesNotContain("hunter2-callback-secret", ex.ToString());
        Assert.DoesNotContain("hunter2-callback-secret", ex.ResponseBody);
    }
}

public class Talkdesk_errors_map_code_message_and_fields
{
    [Fact]
    public async Task Fields_become_FieldErrors_and_the_code_ErrorCode()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(400,
            "{\"code\":\"1001\",\"message\":\"Invalid request\",\"description\":\"Errors found in the submitted data\",\"fields\":[{\"name\":\"csv_metadata.filename\",\"description\":\"must be 1 to 35 characters\"}]}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3) }));

        Assert.Equal("1001", ex.ErrorCode);
        Assert.Equal(new UploadFieldError("csv_metadata.filename", "must be 1 to 35 characters"), Assert.Single(ex.FieldErrors));
        Assert.Contains("Invalid request. Errors found in the submitted data", ex.Message);
    }

    [Fact]
    public async Task Status_413_is_explained_as_the_20000_byte_limit()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(413, "{\"code\":\"1013\",\"message\":\"Payload too large\",\"description\":\"\",\"fields\":[]}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3) }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
        Assert.Contains("at most 20,000 bytes", ex.Message);
    }

    [Fact]
    public async Task An_unknown_record_list_is_404()
    {
        using var host = TestHost.Start();
        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync("rl_missing"));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("1004", ex.ErrorCode);
    }

    [Fact]
    public async Task The_create_POST_is_not_repeated_after_a_503()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(503), times: 3);

        await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3) }));

        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
    }

    [Fact]
    public async Task The_PATCH_is_not_repeated_after_a_dropped_connection()
    {
        using var host = TestHost.Start();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        var file = TestCsv.File(3);
        var created = await host.Talkdesk.CreateUploadRequestAsync(listId, new TalkdeskCreateUploadRequest { File = file });
        await host.Talkdesk.UploadToSignedUrlAsync(created, file);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskStartValidation, HarnessFault.DropConnection().AfterTheFakeHandledIt(), times: 3);

        await Assert.ThrowsAnyAsync<Exception>(() => host.Talkdesk.StartValidationAsync(listId, created.Id));

        await host.Harness.Journal.WaitForAsync(HarnessEndpoint.TalkdeskStartValidation);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
    }
}

public class Talkdesks_size_limit_is_a_setting
{
    private static UploadFile Big() => UploadFile.FromBytes(TestCsv.Contacts(1_200), "big.csv"); // about 54 KB

    [Fact]
    public async Task By_default_a_file_over_20000_bytes_is_refused_before_sending_naming_the_setting()
    {
        using var host = TestHost.Start();

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = Big() }));

        Assert.Contains("over the limit of 20,000 bytes per upload (UploadClients:Talkdesk:MaxFileBytes", ex.Message);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Raised_for_an_account_that_takes_larger_files_the_file_goes_through()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.Talkdesk.MaxFileBytes = 100_000);
        host.Harness.Talkdesk.MaxFileBytes = 100_000;

        var done = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = Big() }));

        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.True(host.Harness.Talkdesk.StoredFile(done.Id)!.Length > 20_000);
    }

    [Fact]
    public async Task Turned_off_Talkdesks_refusal_names_the_documented_limit_and_the_setting()
    {
        using var host = TestHost.Start(configure: o => o.Talkdesk.MaxFileBytes = null);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = Big() }));

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
        Assert.Contains("byte_size of at most 20,000 bytes", ex.Message);
        Assert.Contains("UploadClients:Talkdesk:MaxFileBytes", ex.Message);
        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
    }

    [Fact]
    public async Task The_inspection_applies_the_same_limit_as_the_upload()
    {
        using var strict = TestHost.Start();
        using var raised = TestHost.Start(configure: o => o.Talkdesk.MaxFileBytes = 100_000);
        var rows = string.Concat(Enumerable.Range(0, 1_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"Ann,Lee,+1415555{i:D4}\n")));
        var request = new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(Encoding.UTF8.GetBytes("First name,Last name,Phone\n" + rows), "list.csv") }; // about 26 KB

        var byDefault = await strict.Talkdesk.InspectAsync(request);
        var whenRaised = await raised.Talkdesk.InspectAsync(request);

        // Before: the inspection passed the file (its rules knew no size) and the upload refused it.
        Assert.True(byDefault.WouldBeRefused);
        Assert.Contains(byDefault.Refusals, r => r.Contains("over the limit of 20,000 bytes per upload (UploadClients:Talkdesk:MaxFileBytes", StringComparison.Ordinal));
        Assert.False(whenRaised.WouldBeRefused, string.Join("; ", whenRaised.Refusals));
    }

    [Fact]
    public void It_binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UploadClients:Talkdesk:MaxFileBytes"] = "250000" }).Build();
        using var services = new ServiceCollection().AddUploadClients(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadClientsOptions>>().Value;

        Assert.Equal(250_000, options.Talkdesk.MaxFileBytes);
        Assert.Equal(20_000, new TalkdeskOptions().MaxFileBytes);
    }
}
