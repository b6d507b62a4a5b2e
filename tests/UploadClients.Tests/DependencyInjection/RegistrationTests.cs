using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.DependencyInjection;

public class AddUploadClients_registers_validated_clients
{
    [Fact]
    public async Task Options_bind_from_configuration_with_environment_style_keys()
    {
        using var harness = UploadClientsHarness.Start();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:OptimalDial:ApiKey"] = OptimalDialFake.ApiKey,
            ["UploadClients:OptimalDial:BaseAddress"] = harness.BaseAddress.ToString(),
            ["UploadClients:OptimalDial:Polling:InitialDelay"] = "00:00:02",
        }).Build();
        using var services = new ServiceCollection().AddUploadClients(configuration).BuildServiceProvider();

        var client = services.GetRequiredService<IOptimalDialClient>();
        var id = harness.OptimalDial.AddUpload("completed");
        var upload = await client.GetUploadAsync(id);

        Assert.Same(client, services.GetRequiredService<IOptimalDialClient>());
        Assert.Equal(id, upload.Id);
        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<UploadClientsOptions>>().Value.OptimalDial.Polling.InitialDelay);
    }

    [Fact]
    public void A_missing_key_fails_on_first_resolution_naming_the_setting()
    {
        using var services = new ServiceCollection().AddUploadClients(_ => { }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptimalDialClient>());

        Assert.Contains("UploadClients:OptimalDial:ApiKey is not set", ex.Message);
        Assert.Contains("UploadClients__OptimalDial__ApiKey", ex.Message);
    }

    [Fact]
    public void A_key_without_the_od_live_prefix_is_refused_without_echoing_it()
    {
        using var services = new ServiceCollection().AddUploadClients(o => o.OptimalDial.ApiKey = "sk_test_abcdef123456").BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptimalDialClient>());

        Assert.Contains("does not start with 'od_live_'", ex.Message);
        Assert.DoesNotContain("sk_test_abcdef123456", ex.Message);
        Assert.Throws<OptionsValidationException>(() => new OptimalDialClient(new OptimalDialOptions { ApiKey = "sk_test_abcdef123456" }));
    }

    [Theory]
    [InlineData("http://api.optimaldial.com", false)]
    [InlineData("http://10.0.0.5:8080", false)]
    [InlineData("https://api.optimaldial.com", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.10.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    public void Plain_http_is_refused_unless_the_host_is_loopback(string address, bool allowed)
    {
        var options = new OptimalDialOptions { ApiKey = OptimalDialFake.ApiKey, BaseAddress = new Uri(address) };

        var problems = options.Validate();

        Assert.Equal(allowed, problems.Count == 0);
        if (!allowed)
        {
            Assert.Contains("UploadClients:OptimalDial:BaseAddress must use https", problems[0]);
        }
    }

    [Fact]
    public void Options_ToString_never_shows_the_key()
    {
        var options = new UploadClientsOptions { OptimalDial = { ApiKey = OptimalDialFake.ApiKey, BaseAddress = new Uri("https://od.example/x?sig=abc") } };
        Assert.DoesNotContain(OptimalDialFake.ApiKey, options.ToString());
        Assert.DoesNotContain(OptimalDialFake.ApiKey, options.OptimalDial.ToString());
        Assert.Equal("OptimalDialOptions { BaseAddress = https://od.example/x?***, credentials redacted }", options.OptimalDial.ToString());
        Assert.Contains("OrbitSearch = OrbitSearchOptions { BaseAddress = https://api.orbitsearch.com/", options.ToString());
    }

    [Fact]
    public async Task A_client_made_without_DI_works_end_to_end_with_and_without_a_callers_HttpClient()
    {
        using var harness = UploadClientsHarness.Start();
        var id = harness.OptimalDial.AddUpload("completed");
        using var own = new HttpClient();

        var plain = new OptimalDialClient(harness.CreateOptimalDialOptions());
        var wrapped = new OptimalDialClient(harness.CreateOptimalDialOptions(), own);

        Assert.Equal(id, (await plain.GetUploadAsync(id)).Id);
        Assert.Equal(id, (await wrapped.GetUploadAsync(id)).Id);
        Assert.All(harness.Journal.Entries, e => Assert.Equal("Bearer " + OptimalDialFake.ApiKey, e.Header("Authorization")));
    }

    [Fact]
    public async Task The_non_DI_client_follows_the_same_retry_rules()
    {
        using var harness = UploadClientsHarness.Start();
        var options = harness.CreateOptimalDialOptions();
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        var client = new OptimalDialClient(options);
        var id = harness.OptimalDial.AddUpload("completed");
        harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503));
        harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(503));

        await client.GetUploadAsync(id);
        await Assert.ThrowsAsync<UploadApiException>(() => client.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal(2, harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }
}

public class Every_configuration_key_binds
{
    [Fact]
    public void For_all_three_providers_from_environment_style_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:OptimalDial:ApiKey"] = "od_live_bind_123456",
            ["UploadClients:OptimalDial:RequestTimeout"] = "00:00:42",
            ["UploadClients:OptimalDial:UploadTimeout"] = "01:00:00",
            ["UploadClients:OptimalDial:Retry:MaxRetries"] = "5",
            ["UploadClients:OptimalDial:Retry:MaxRetryAfter"] = "00:05:00",
            ["UploadClients:OptimalDial:MaxResponseBodyBytes"] = "1048576",
            ["UploadClients:OrbitSearch:AccessToken"] = "orbit-bind",
            ["UploadClients:OrbitSearch:BaseAddress"] = "https://orbit.example/",
            ["UploadClients:OrbitSearch:Polling:Timeout"] = "00:10:00",
            ["UploadClients:Talkdesk:Region"] = "Eu",
            ["UploadClients:Talkdesk:AccountName"] = "acme",
            ["UploadClients:Talkdesk:ClientId"] = "client",
            ["UploadClients:Talkdesk:ClientSecret"] = "secret",
            ["UploadClients:Talkdesk:Scope"] = "record-lists:manage other",
        }).Build();
        using var services = new ServiceCollection().AddUploadClients(configuration).BuildServiceProvider();

        var o = services.GetRequiredService<IOptions<UploadClientsOptions>>().Value;

        Assert.Equal("od_live_bind_123456", o.OptimalDial.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(42), o.OptimalDial.RequestTimeout);
        Assert.Equal(TimeSpan.FromHours(1), o.OptimalDial.UploadTimeout);
        Assert.Equal(5, o.OptimalDial.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(5), o.OptimalDial.Retry.MaxRetryAfter);
        Assert.Equal(1_048_576, o.OptimalDial.MaxResponseBodyBytes);
        Assert.Equal(4L * 1024 * 1024, o.OrbitSearch.MaxResponseBodyBytes);
        Assert.Equal(OptimalDialOptions.DefaultBaseAddress, o.OptimalDial.BaseAddress);
        Assert.Equal("orbit-bind", o.OrbitSearch.AccessToken);
        Assert.Equal(new Uri("https://orbit.example/"), o.OrbitSearch.BaseAddress);
        Assert.Equal(TimeSpan.FromMinutes(10), o.OrbitSearch.Polling.Timeout);
        Assert.Equal(UploadClients.Talkdesk.TalkdeskRegion.Eu, o.Talkdesk.Region);
        Assert.Equal(new Uri("https://api.talkdeskapp.eu"), o.Talkdesk.BaseAddress);
        Assert.Equal(new Uri("https://acme.talkdeskid.eu/oauth/token"), o.Talkdesk.EffectiveTokenEndpoint);
        Assert.Equal("record-lists:manage other", o.Talkdesk.Scope);

        // Resolving validates the OAuth settings: the same keys without AccountName are refused, naming it.
        _ = services.GetRequiredService<UploadClients.Talkdesk.ITalkdeskClient>();
        configuration["UploadClients:Talkdesk:AccountName"] = null;
        using var withoutAccount = new ServiceCollection().AddUploadClients(configuration).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => withoutAccount.GetRequiredService<UploadClients.Talkdesk.ITalkdeskClient>());
        Assert.Contains("UploadClients:Talkdesk:AccountName", ex.Message);
    }
}

public class Calling_AddUploadClients_twice
{
    [Fact]
    public async Task Adds_configuration_but_one_pipeline()
    {
        var clock = new TestClock();
        using var harness = UploadClientsHarness.Start();
        using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddUploadClients(o => harness.Configure(o))
            .AddUploadClients(o => o.OptimalDial.Retry.MaxRetries = 1)
            .BuildServiceProvider();
        harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503), times: 5);

        await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(services.GetRequiredService<IOptimalDialClient>().GetUploadAsync(Guid.NewGuid())));
        Assert.Single(clock.Delays);

        // One retry from the second configure, through one resilience handler (two would make four requests).
        Assert.Equal(2, harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
        Assert.Single(services.GetServices<IOptimalDialClient>());
    }
}

public class Settings_are_validated_at_host_start_credentials_at_first_use
{
    [Fact]
    public async Task A_plain_http_base_address_fails_the_host_at_start()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients(o =>
        {
            o.OptimalDial.ApiKey = "od_live_start_0000";
            o.OrbitSearch.BaseAddress = new Uri("http://api.orbitsearch.example");
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:OrbitSearch:BaseAddress must use https", ex.Message);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(-1)]
    public async Task MaxRetries_outside_its_declared_range_fails_the_host_at_start(int maxRetries)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients(o =>
        {
            o.OptimalDial.ApiKey = "od_live_start_0000";
            o.Talkdesk.Retry.MaxRetries = maxRetries;
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:Talkdesk:Retry needs MaxRetries from 0 to 10", ex.Message);
    }

    [Fact]
    public async Task A_host_using_one_provider_needs_no_credentials_for_the_others()
    {
        using var harness = UploadClientsHarness.Start();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients(o =>
        {
            o.OptimalDial.BaseAddress = harness.BaseAddress;
            o.OptimalDial.ApiKey = OptimalDialFake.ApiKey;
        });
        using var host = builder.Build();

        await host.StartAsync();
        var upload = await host.Services.GetRequiredService<IOptimalDialClient>().GetUploadAsync(harness.OptimalDial.AddUpload("completed"));
        var missing = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<UploadClients.OrbitSearch.IOrbitSearchClient>());
        await host.StopAsync();

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Contains("UploadClients:OrbitSearch:AccessToken is not set", missing.Message);
    }
}

public class A_credential_with_a_line_break_is_refused_naming_the_setting
{
    [Theory]
    [InlineData("OptimalDial:ApiKey", "od_live_newline_123456\n")]
    [InlineData("OrbitSearch:AccessToken", "sk_orb_newline_123456\r\n")]
    [InlineData("Talkdesk:AccessToken", " td_newline_123456")]
    [InlineData("Talkdesk:ClientSecret", "client-secret-123456\n")]
    public void When_its_client_is_resolved_and_without_echoing_it(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:" + setting] = value,
            ["UploadClients:Talkdesk:ClientId"] = setting.EndsWith("ClientSecret", StringComparison.Ordinal) ? "client" : null,
            ["UploadClients:Talkdesk:AccountName"] = "acme",
        }).Build();
        using var services = new ServiceCollection().AddUploadClients(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = setting.Split(':')[0] switch
        {
            "OptimalDial" => (object)services.GetRequiredService<IOptimalDialClient>(),
            "OrbitSearch" => services.GetRequiredService<UploadClients.OrbitSearch.IOrbitSearchClient>(),
            _ => services.GetRequiredService<UploadClients.Talkdesk.ITalkdeskClient>(),
        });

        Assert.Contains($"UploadClients:{setting} has a line break, a control character or spaces around it", ex.Message);
        Assert.DoesNotContain(value.Trim(), ex.Message);
        Assert.DoesNotContain("does not start with", ex.Message);
    }
}
