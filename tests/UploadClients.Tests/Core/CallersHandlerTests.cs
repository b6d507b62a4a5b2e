using System.Net;
using System.Text;
using UploadClients.OptimalDial;
using UploadClients.Talkdesk;

namespace UploadClients.Tests.Core;

/// <summary>
/// A caller's own HttpClient whose handler answers without setting <see cref="HttpResponseMessage.RequestMessage"/>
/// (a test double, a cache): the SDK still knows what it sent. Found by attacking the Refit change: the
/// Talkdesk list resolved its next page against the bare base address, and a repeated webhook DELETE
/// answered 404 was no longer read as "already gone".
/// </summary>
public class A_callers_handler_that_sets_no_request_message
{
    private sealed class Scripted(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _calls;

        public List<Uri> Sent { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add(request.RequestUri!);
            return Task.FromResult(answer(request, ++_calls)); // RequestMessage left null
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static string Page(string id, int page, string? next)
    {
        var links = new System.Text.Json.Nodes.JsonObject { ["self"] = new System.Text.Json.Nodes.JsonObject { ["href"] = "x" } };
        if (next is not null)
        {
            links["next"] = new System.Text.Json.Nodes.JsonObject { ["href"] = next };
        }

        return new System.Text.Json.Nodes.JsonObject
        {
            ["total"] = 2, ["per_page"] = 1, ["count"] = 1, ["page"] = page, ["total_pages"] = 2, ["_links"] = links,
            ["_embedded"] = new System.Text.Json.Nodes.JsonObject
            {
                ["record_lists"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["name"] = "n", ["status"] = "ACCEPTED" }),
            },
        }.ToJsonString();
    }

    [Fact]
    public async Task The_Talkdesk_list_follows_its_next_link_under_the_gateway_path_and_reads_each_page_once()
    {
        var handler = new Scripted((r, n) => r.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, Page("rl2", 2, "?page=1&per_page=1")) // a link back to the first page
            : Json(HttpStatusCode.OK, Page("rl1", 1, "?page=2&per_page=1")));
        using var http = new HttpClient(handler);
        var client = new TalkdeskClient(new TalkdeskOptions { BaseAddress = new Uri("https://gw.example.com/talkdesk"), AccessToken = "td_token_0123456789" }, http);

        var ids = new List<string>();
        await foreach (var list in client.ListRecordListsAsync(perPage: 1))
        {
            ids.Add(list.Id);
        }

        // Before: page 2 went to https://gw.example.com/record-lists (the gateway path lost), and the link back read rl1 again.
        Assert.Equal(["rl1", "rl2"], ids);
        Assert.All(handler.Sent, uri => Assert.StartsWith("https://gw.example.com/talkdesk/record-lists?", uri.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_webhook_delete_answered_404_is_done()
    {
        var handler = new Scripted((_, n) => n == 1 ? Json(HttpStatusCode.ServiceUnavailable, """{"detail":"try again"}""") : Json(HttpStatusCode.NotFound, """{"detail":"Webhook endpoint not found"}"""));
        using var http = new HttpClient(handler);
        var options = new OptimalDialOptions { ApiKey = "od_live_0123456789abcdef", Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) } };
        var webhooks = new OptimalDialWebhookEndpoints(options, http);

        // Before: UploadApiException 404, although the first attempt's DELETE may have removed it.
        await webhooks.DeleteAsync(Guid.NewGuid());

        Assert.Equal(2, handler.Sent.Count);
    }

    [Theory]
    [InlineData("https://evil.example.com/record-lists?page=2&per_page=1")]
    [InlineData("/record-lists/../oauth/token?page=2")]
    [InlineData("../oauth/token")]
    [InlineData("/talkdesk/record-lists/rl1?page=2")]
    public async Task The_Talkdesk_list_follows_no_next_link_to_another_host_or_path(string next)
    {
        var handler = new Scripted((_, _) => Json(HttpStatusCode.OK, Page("rl1", 1, next)));
        using var http = new HttpClient(handler);
        var client = new TalkdeskClient(new TalkdeskOptions { BaseAddress = new Uri("https://gw.example.com/talkdesk/"), AccessToken = "td_token_0123456789" }, http);

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(async () =>
        {
            await foreach (var _ in client.ListRecordListsAsync(perPage: 1))
            {
            }
        });

        // Before (other paths on the API's host): followed, with the access token.
        Assert.Contains("next page link points at", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Sent);
    }
}
