using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.Talkdesk;

namespace UploadClients.Tests.DependencyInjection;

/// <summary>A configuration with problems fails at start, with every problem at once, each naming its key and what it may be.</summary>
public class A_configuration_with_problems
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public async Task Names_an_enum_value_that_is_none_of_its_names_and_the_allowed_ones_at_start()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients(Config(new() { ["UploadClients:Talkdesk:Region"] = "Au", ["UploadClients:Talkdesk:AccessToken"] = "t" }));
        using var host = builder.Build();

        // Before: an InvalidOperationException from the configuration binder, naming no allowed value.
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("UploadClients:Talkdesk:Region is 'Au', which is not one of Us, Eu, Ca (case does not matter).", Assert.Single(ex.Failures));
    }

    [Fact]
    public void Reports_every_problem_at_once_a_bad_enum_an_http_address_and_a_key_with_a_newline()
    {
        using var services = new ServiceCollection().AddUploadClients(Config(new()
        {
            ["UploadClients:Talkdesk:Region"] = "Au",
            ["UploadClients:Talkdesk:AccessToken"] = "token\n",
            ["UploadClients:OptimalDial:BaseAddress"] = "http://api.example.com",
            ["UploadClients:OptimalDial:ApiKey"] = "od_live_0001\n",
            ["UploadClients:OptimalDial:RequestTimeout"] = "00:00:30",
        })).BuildServiceProvider();

        // Before: the binder's exception alone; after fixing it, the address; after that, the key: one per run.
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<UploadClientsOptions>>().Value);

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("UploadClients:Talkdesk:Region is 'Au'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("UploadClients:OptimalDial:BaseAddress must use https", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("UploadClients:OptimalDial:ApiKey has a line break", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("UploadClients:Talkdesk:AccessToken has a line break", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("od_live_0001", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eu", TalkdeskRegion.Eu)]
    [InlineData("Ca", TalkdeskRegion.Ca)]
    public void Binds_a_valid_name_in_any_case_and_the_rest_of_the_section(string value, TalkdeskRegion expected)
    {
        using var services = new ServiceCollection().AddUploadClients(Config(new()
        {
            ["UploadClients:Talkdesk:Region"] = value,
            ["UploadClients:Talkdesk:MaxFileBytes"] = "30000",
        })).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<UploadClientsOptions>>().Value;

        Assert.Equal(expected, options.Talkdesk.Region);
        Assert.Equal(30_000, options.Talkdesk.MaxFileBytes);
    }

    [Fact]
    public void Checks_every_enum_setting_of_the_options()
    {
        var found = new List<string>();
        void Walk(Type type, string path, int depth)
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var at = path.Length == 0 ? p.Name : path + ":" + p.Name;
                if (t.IsEnum && p.CanWrite)
                {
                    found.Add(at);
                }
                else if (depth < 4 && t.IsClass && t.Namespace?.StartsWith("UploadClients", StringComparison.Ordinal) == true)
                {
                    Walk(t, at, depth + 1);
                }
            }
        }

        Walk(typeof(UploadClientsOptions), string.Empty, 0);

        Assert.NotEmpty(found);
        Assert.Equal(found.Order(), CheckedBinding.EnumSettings.Select(s => s.Path).Order());
    }

    [Fact]
    public void A_reloaded_configuration_reaches_the_options_monitor_of_the_default_account_and_of_a_named_one()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:OptimalDial:ApiKey"] = "od_live_0001",
            ["UploadClients:Accounts:acme:OptimalDial:ApiKey"] = "od_live_acme_0001",
        }).Build();
        using var services = new ServiceCollection().AddUploadClients(root).AddUploadClients("acme", root).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<UploadClientsOptions>>();
        Assert.Equal("od_live_0001", monitor.CurrentValue.OptimalDial.ApiKey);
        Assert.Equal("od_live_acme_0001", monitor.Get("acme").OptimalDial.ApiKey);

        root["UploadClients:OptimalDial:ApiKey"] = "od_live_0002";
        root["UploadClients:Accounts:acme:OptimalDial:ApiKey"] = "od_live_acme_0002";
        root.Reload();

        // Before: bound once (the checked binding registered no change token), the monitor kept the old keys.
        Assert.Equal("od_live_0002", monitor.CurrentValue.OptimalDial.ApiKey);
        Assert.Equal("od_live_acme_0002", monitor.Get("acme").OptimalDial.ApiKey);
    }
}
