using Refit;

namespace UploadClients.Talkdesk;

/// <summary>The Talkdesk record-list endpoints (internal: callers use <see cref="ITalkdeskClient"/>).</summary>
internal interface ITalkdeskApi
{
    /// <summary>POST /record-lists/{id}/upload-requests (JSON).</summary>
    [Post("/record-lists/{recordListId}/upload-requests")]
    Task<HttpResponseMessage> CreateUploadRequestAsync(string recordListId, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>PATCH /record-lists/{id}/upload-requests/{upload_request_id}: status → UPLOADED starts validation.</summary>
    [Patch("/record-lists/{recordListId}/upload-requests/{uploadRequestId}")]
    Task<HttpResponseMessage> PatchUploadRequestAsync(string recordListId, string uploadRequestId, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>GET /record-lists/{id}/upload-requests/{upload_request_id}: the path <c>_links.self.href</c> holds (assumed readable, docs/contract.md).</summary>
    [Get("/record-lists/{recordListId}/upload-requests/{uploadRequestId}")]
    Task<HttpResponseMessage> GetUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken);

    /// <summary>GET /record-lists/{id}.</summary>
    [Get("/record-lists/{recordListId}")]
    Task<HttpResponseMessage> GetRecordListAsync(string recordListId, CancellationToken cancellationToken);
}
