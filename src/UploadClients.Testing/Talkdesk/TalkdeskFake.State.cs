using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace UploadClients.Testing.Talkdesk;

/// <content>What the fake keeps of each record list and upload request.</content>
public sealed partial class TalkdeskFake
{
    private sealed class FakeRecordList(string id, string name, long sequence)
    {
        internal string Id => id;

        internal string Name => name;

        internal long Sequence => sequence;

        /// <summary>The account the list belongs to.</summary>
        internal required string Account { get; init; }

        /// <summary>When it was created, on the harness's clock (<c>created_at</c>).</summary>
        internal DateTimeOffset CreatedAt { get; init; }

        /// <summary>The file of a list created with POST /record-lists (an upload request of its own, signed URL and all).</summary>
        internal FakeUploadRequest? File { get; set; }
    }

    private sealed class FakeUploadRequest(string id, string recordListId, string checksum, long size, string signedUrl, JsonObject createBody)
    {
        private string[] _script = [];
        private int _reads = -1;

        internal string Id => id;

        internal string RecordListId => recordListId;

        internal string SignedUrl => signedUrl;

        internal JsonObject CreateBody => createBody;

        internal DateTime Created { get; } = DateTime.UtcNow;

        internal byte[]? Stored { get; set; }

        internal bool Expired { get; set; }

        internal int ValidationStarts { get; private set; }

        internal string Status => ValidationStarts == 0
            ? "CREATED"
            : _reads < 0 ? "UPLOADED" : Final(_script[Math.Min(_reads, _script.Length - 1)]);

        internal void StartValidation(IReadOnlyList<string> script)
        {
            ValidationStarts++;
            _script = [.. script];
        }

        internal void Advance()
        {
            if (ValidationStarts > 0)
            {
                _reads++;
            }
        }

        /// <summary>
        /// The upload request as JSON. The create response's <c>_links</c> has self, record_list and
        /// upload; the PATCH response documents self and record_list only.
        /// </summary>
        internal JsonObject ToJson(Uri baseAddress, bool withUploadLink = false)
        {
            var links = new JsonObject
            {
                ["self"] = new JsonObject { ["href"] = new Uri(baseAddress, $"record-lists/{recordListId}/upload-requests/{id}").ToString() },
                ["record_list"] = new JsonObject { ["href"] = new Uri(baseAddress, $"record-lists/{recordListId}").ToString() },
            };
            if (withUploadLink)
            {
                links["upload"] = new JsonObject { ["href"] = signedUrl };
            }

            return new JsonObject
            {
                ["id"] = id,
                ["record_list_id"] = recordListId,
                ["status"] = Status,
                ["_links"] = links,
            };
        }

        /// <summary>A file whose bytes do not match the declared checksum or size ends CORRUPTED, whatever the script says.</summary>
        private string Final(string scripted) =>
            scripted is "ACCEPTED" && Stored is { } bytes && (Convert.ToHexStringLower(MD5.HashData(bytes)) != checksum || bytes.Length != size) ? "CORRUPTED" : scripted;
    }
}
