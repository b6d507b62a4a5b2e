using Refit;

namespace UploadClients.Talkdesk;

/// <summary>
/// Talkdesk's record-list API, declared once; Refit generates its client at build time, on the SDK's
/// pipeline. Methods return the raw response: the facade (<see cref="TalkdeskClient"/>) owns bodies,
/// reading, errors, retries' marks and polling. Outside it, as they are not this API's: the PUT to an
/// S3 signed URL, the OAuth token request, and the list's next pages (the provider's own links).
/// </summary>
internal interface ITalkdeskApi
{
    /// <summary>POST /record-lists: a new list with the file's metadata; its answer holds a signed URL.</summary>
    [Post("/record-lists")]
    Task<HttpResponseMessage> CreateRecordListAsync([Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>GET /record-lists?page=1&amp;per_page=: the first page (the next ones follow the answer's links).</summary>
    [Get("/record-lists")]
    Task<HttpResponseMessage> ListRecordListsAsync([AliasAs("page")] int page, [AliasAs("per_page")] int perPage, CancellationToken cancellationToken);

    /// <summary>GET /record-lists/{id}.</summary>
    [Get("/record-lists/{recordListId}")]
    Task<HttpResponseMessage> GetRecordListAsync(string recordListId, CancellationToken cancellationToken);

    /// <summary>PATCH /record-lists/{id}: the status to UPLOADED, which starts validation.</summary>
    [Patch("/record-lists/{recordListId}")]
    Task<HttpResponseMessage> PatchRecordListAsync(string recordListId, [Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>POST /record-lists/{id}/upload-requests: the file's MD5, size and name; its answer holds a signed URL.</summary>
    [Post("/record-lists/{recordListId}/upload-requests")]
    Task<HttpResponseMessage> CreateUploadRequestAsync(string recordListId, [Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>GET /record-lists/{id}/upload-requests/{upload_request_id}.</summary>
    [Get("/record-lists/{recordListId}/upload-requests/{uploadRequestId}")]
    Task<HttpResponseMessage> GetUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken);

    /// <summary>PATCH /record-lists/{id}/upload-requests/{upload_request_id}: the status to UPLOADED, which starts validation.</summary>
    [Patch("/record-lists/{recordListId}/upload-requests/{uploadRequestId}")]
    Task<HttpResponseMessage> PatchUploadRequestAsync(string recordListId, string uploadRequestId, [Body] HttpContent content, CancellationToken cancellationToken);
}
