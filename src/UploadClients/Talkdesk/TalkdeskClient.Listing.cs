using System.Net;
using System.Runtime.CompilerServices;

namespace UploadClients.Talkdesk;

/// <content>Listing record lists (the HAL pages) and mapping Talkdesk's answers to the SDK's models.</content>
public partial class TalkdeskClient
{
    /// <inheritdoc />
    public virtual async IAsyncEnumerable<TalkdeskRecordList> ListRecordListsAsync(int perPage = 50, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        // The first page from the API's own interface; the next ones where the answer's links say (HAL),
        // on the API's host only, each at most once (a link back to a page already read ends the list).
        HttpRequestMessage? next = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Uri? current = null;
            RecordListPageWire page;
            if (next is null)
            {
                page = await _http.SendAsync(
                    "ListRecordLists",
                    "list record lists",
                    async ct =>
                    {
                        var answer = await _api.ListRecordListsAsync(1, perPage, ct).ConfigureAwait(false);
                        current = answer.RequestMessage?.RequestUri;
                        return answer;
                    },
                    TalkdeskJsonContext.Default.RecordListPageWire,
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                current = next.RequestUri;
                page = await _http.SendAsync("ListRecordLists", "list record lists", next, TalkdeskJsonContext.Default.RecordListPageWire, cancellationToken).ConfigureAwait(false);
            }

            // The address the first page was asked at (what a relative link resolves against), as sent.
            current ??= new Uri(_options.BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/record-lists?page=1&per_page=" + perPage.ToString(System.Globalization.CultureInfo.InvariantCulture));
            seen.Add(current.AbsoluteUri);
            var items = page.Embedded?.RecordLists ?? [];
            foreach (var item in items)
            {
                yield return ToModel(item);
            }

            var last = items.Count == 0 || (page.Page is { } number && page.TotalPages is { } total && number >= total);
            next = last ? null : NextPage(page.Links?.Next?.Href, current);
            if (next is null || seen.Contains(next.RequestUri!.AbsoluteUri))
            {
                yield break;
            }
        }
    }

    /// <summary>The request for the page <paramref name="href"/> names (relative to <paramref name="current"/>), or null when there is none; never to another host or another path.</summary>
    private HttpRequestMessage? NextPage(string? href, Uri current)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(current, href, out var next))
        {
            return null;
        }

        var api = _options.BaseAddress;
        if (!string.Equals(next.Scheme, api.Scheme, StringComparison.OrdinalIgnoreCase) || !string.Equals(next.IdnHost, api.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != api.Port)
        {
            throw new UploadUnexpectedResponseException(
                _options.ProviderName,
                HttpStatusCode.OK,
                $"Talkdesk's next page link points at {next.GetLeftPart(UriPartial.Authority)}, not at the API ({api.GetLeftPart(UriPartial.Authority)}): the SDK does not follow it, so that the access token never reaches another host.");
        }

        if (!string.Equals(next.AbsolutePath, current.AbsolutePath, StringComparison.Ordinal))
        {
            // A next page is the same list with another query: a link to another path on the API's host
            // (another resource, or "../" out of a gateway's path) is not followed with the token.
            throw new UploadUnexpectedResponseException(
                _options.ProviderName,
                HttpStatusCode.OK,
                $"Talkdesk's next page link points at {next.AbsolutePath}, not at the list it pages ({current.AbsolutePath}): the SDK does not follow it.");
        }

        return new HttpRequestMessage(HttpMethod.Get, next);
    }

    private static TalkdeskRecordList ToModel(RecordListWire wire) => new()
    {
        Id = wire.Id,
        Name = wire.Name,
        Status = wire.Status,
        RecordsCount = wire.RecordsCount,
        UniqueIdentifierType = wire.UniqueIdentifierType,
        CreatedAt = wire.CreatedAt,
        UpdatedAt = wire.UpdatedAt,
        Teams = wire.Teams is { } teams ? [.. teams.Select(t => new TalkdeskTeam(TeamId(t.Id), t.Name))] : [],
    };

    private static string? TeamId(System.Text.Json.JsonElement? id) => id switch
    {
        { ValueKind: System.Text.Json.JsonValueKind.String } text => text.GetString(),
        { ValueKind: System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined } or null => null,
        { } other => other.GetRawText(),
    };

    private static TalkdeskUploadRequest ToModel(UploadRequestWire wire, string recordListId, string? checksum) => new()
    {
        Id = wire.Id,
        RecordListId = wire.RecordListId ?? recordListId,
        SignedUrl = wire.SignedUrl is { Length: > 0 } raw ? SignedUrlOf(raw) : null,
        Status = wire.Status,
        Links = wire.Links is { } l ? new TalkdeskUploadRequestLinks(Link(l.Self), Link(l.RecordList), Link(l.Upload)) : null,
        ChecksumMd5 = checksum,
    };

    private static TalkdeskLink? Link(LinkWire? link) => link is null ? null : new TalkdeskLink(link.Href);

    private static Uri SignedUrlOf(string value) =>
        RawUri.TryParse(value) ?? throw new UploadUnexpectedResponseException("Talkdesk", HttpStatusCode.Created, "Talkdesk sent a signed_url that is not an absolute URL.");

    private static string? SignatureOf(Uri url)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Contains("Signature", StringComparison.OrdinalIgnoreCase))
            {
                return pair[(eq + 1)..];
            }
        }

        return null;
    }
}
