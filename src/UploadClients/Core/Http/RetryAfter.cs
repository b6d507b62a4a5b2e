using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>Reads a <c>Retry-After</c> header, in seconds or as an HTTP date.</summary>
internal static class RetryAfter
{
    internal static TimeSpan? From(HttpResponseMessage? response, TimeProvider timeProvider) =>
        response is null ? null : From(response.Headers.RetryAfter, timeProvider);

    internal static TimeSpan? From(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
