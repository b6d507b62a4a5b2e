using System.Text;

namespace UploadClients.Talkdesk;

/// <summary>A Talkdesk upload request: where to PUT the file, and its status.</summary>
public sealed record TalkdeskUploadRequest
{
    /// <summary><c>id</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary><c>record_list_id</c>.</summary>
    public string RecordListId { get; init; } = string.Empty;

    /// <summary><c>signed_url</c>: the S3 URL to PUT the file to, exactly as Talkdesk sent it (never re-encoded). A secret: never printed.</summary>
    public Uri? SignedUrl { get; init; }

    /// <summary><c>status</c>; see <see cref="TalkdeskStatus"/> for the documented values (another is kept as sent); null when Talkdesk sends none.</summary>
    public TalkdeskStatus? Status { get; init; }

    /// <summary><c>_links</c>: self, record_list and upload.</summary>
    public TalkdeskUploadRequestLinks? Links { get; init; }

    /// <summary>The hex MD5 the SDK sent in <c>csv_metadata.checksum</c> (null when read back from a GET).</summary>
    public string? ChecksumMd5 { get; init; }

    /// <summary>Whether the status is final: ACCEPTED, REJECTED, INCOMPLETE or CORRUPTED.</summary>
    public bool IsTerminal => Status?.IsTerminal == true;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", RecordListId = ").Append(RecordListId)
            .Append(", SignedUrl = ").Append(Redactor.RedactUrl(SignedUrl))
            .Append(", Status = ").Append(Status)
            .Append(", ChecksumMd5 = ").Append(ChecksumMd5)
            .Append(", IsTerminal = ").Append(IsTerminal);
        return true;
    }
}

/// <summary>The <c>_links</c> of an upload request.</summary>
/// <param name="Self"><c>self</c>.</param>
/// <param name="RecordList"><c>record_list</c>.</param>
/// <param name="Upload"><c>upload</c>.</param>
public sealed record TalkdeskUploadRequestLinks(TalkdeskLink? Self, TalkdeskLink? RecordList, TalkdeskLink? Upload);

/// <summary>One link: <c>{"href": …}</c>.</summary>
/// <param name="Href">The link's address.</param>
public sealed record TalkdeskLink(string? Href)
{
    /// <inheritdoc />
    public override string ToString() => Href is null ? "(none)" : Redactor.RedactUrl(new Uri(Href, UriKind.RelativeOrAbsolute));
}

/// <summary>A Talkdesk record list (GET /record-lists/{id}, an item of GET /record-lists, or the answer of the PATCH that starts validation).</summary>
/// <remarks>Read tolerantly: only <see cref="Id"/> is required; Talkdesk's schema tables mark no field as required.</remarks>
public sealed record TalkdeskRecordList
{
    /// <summary><c>id</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>status</c>: REJECTED, VALIDATION_STARTED, UPLOADED, ACCEPTED, INCOMPLETE or CORRUPTED (see <see cref="TalkdeskStatus"/>); another value is kept as sent; null when Talkdesk sends none.</summary>
    public TalkdeskStatus? Status { get; init; }

    /// <summary><c>records_count</c>.</summary>
    public int? RecordsCount { get; init; }

    /// <summary><c>unique_identifier_type</c>: the duplicate check, PHONE_NUMBER, EXTERNAL or NOTHING.</summary>
    public string? UniqueIdentifierType { get; init; }

    /// <summary><c>created_at</c>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>updated_at</c>.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary><c>teams</c>: the teams the list belongs to.</summary>
    public IReadOnlyList<TalkdeskTeam> Teams { get; init; } = [];

    /// <summary>Whether the status is final: ACCEPTED, REJECTED, INCOMPLETE or CORRUPTED.</summary>
    public bool IsTerminal => Status?.IsTerminal == true;
}

/// <summary>A team a record list belongs to.</summary>
/// <param name="Id"><c>id</c>.</param>
/// <param name="Name"><c>name</c>.</param>
public sealed record TalkdeskTeam(string? Id, string? Name);
