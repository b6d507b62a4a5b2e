using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;

namespace UploadClients.Testing.OptimalDial;

/// <content>What the fake keeps of each upload: its file, its status script and its answer.</content>
public sealed partial class OptimalDialFake
{
    private sealed class FakeUpload(Guid id, long sequence, string name, byte[] csv, string phoneColumn, int valid, int invalid, IReadOnlyList<string> script, DateTimeOffset createdAt, bool skipMobileLookup, bool seeded = false)
    {
        // A created upload showed script[0] in its create response, so its first GET shows script[1];
        // a seeded one has shown nothing yet, so its first GET shows script[0] (and so does its state before).
        private readonly string[] _script = [.. script];
        private readonly int _offset = seeded ? 1 : 0;
        private int _polls;
        private bool _cancelled;

        internal Guid Id => id;

        /// <summary>The API key that created it (its organization).</summary>
        internal required string Owner { get; init; }

        internal long Sequence => sequence;

        internal int Valid => valid;

        internal int Invalid => invalid;

        internal long Size { get; set; } = seeded ? 1234 : csv.Length;

        internal int Polls => Volatile.Read(ref _polls);

        internal string Status => _cancelled ? "cancelled" : At(Polls);

        internal void Cancel() => _cancelled = true;

        private string At(int polls) => _script[Math.Clamp(polls - _offset, 0, _script.Length - 1)];

        /// <summary>original: as uploaded; processed: plus a line_type column; processed-filtered: valid rows only.</summary>
        internal byte[] File(string kind)
        {
            if (kind == "original")
            {
                return csv;
            }

            // Read as the inspection reads it (Sep: quoted fields, CRLF, LF or CR); each row is copied as written.
            using var reader = Sep.New(',')
                .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
                .From(csv);
            if (!reader.MoveNext())
            {
                return [];
            }

            var headerRow = reader.Current;
            var index = -1;
            for (var i = 0; i < headerRow.ColCount; i++)
            {
                if (headerRow[i].ToString().Trim() == phoneColumn)
                {
                    index = i;
                }
            }

            var sb = new StringBuilder().Append(headerRow.Span).Append(",line_type\r\n");
            while (reader.MoveNext())
            {
                var row = reader.Current;
                var ok = index >= 0 && index < row.ColCount && CsvInspector.ClassifyPhoneNumber(row[index].ToString()) == PhoneNumberKind.ValidUsCanada;
                if (kind == "processed" || ok)
                {
                    sb.Append(row.Span).Append(',').Append(ok ? (row.Span.Length % 2 == 0 ? "mobile" : "landline") : "invalid").Append("\r\n");
                }
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        /// <summary>The <c>data.upload</c> summary of a webhook event (the documented fields only).</summary>
        internal JsonObject ToWebhookSummary()
        {
            var full = ToJson(advance: false);
            return new JsonObject
            {
                ["id"] = id.ToString(),
                ["source"] = "api",
                ["status"] = (string?)full["status"],
                ["original_filename"] = name,
                ["valid_row_count"] = valid,
                ["invalid_row_count"] = invalid,
                ["organization_id"] = OrganizationUlid,
                ["created_at"] = OptimalDialWebhookSender.IsoTimestamp(createdAt),
            };
        }

        internal JsonObject ToJson(bool advance)
        {
            var step = advance ? Interlocked.Increment(ref _polls) : Polls;
            var status = _cancelled ? "cancelled" : At(step);
            var done = status is "completed";
            return new JsonObject
            {
                ["id"] = id.ToString(),
                ["user_id"] = "7d3f6a52-1b0e-4c57-9d1c-2f7a8e5b9c01",
                ["original_filename"] = name,
                ["storage_path"] = $"uploads/{id}/original.csv",
                ["status"] = status,
                ["created_at"] = createdAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["updated_at"] = createdAt.AddSeconds(step).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["organization_id"] = "0b6f8f5e-3c2a-4d7e-9a41-6c5d2b8e7f10",
                ["file_size_bytes"] = Size,
                ["valid_row_count"] = valid,
                ["invalid_row_count"] = invalid,
                ["credits_required"] = valid,
                ["credits_charged"] = valid,
                ["credits_refunded"] = status is "cancelled" ? valid : 0,
                ["source"] = "api",
                ["api_key_id"] = "5e1c2b7a-9f3d-4a68-8b0e-1d2c3f4a5b6c",
                ["skip_mobile_lookup"] = skipMobileLookup,
                ["processed_storage_path"] = done ? $"uploads/{id}/processed.csv" : null,
                ["processed_filtered_storage_path"] = done ? $"uploads/{id}/processed-filtered.csv" : null,
                ["error_message"] = status is "failed" or "validation_failed" ? "Processing failed (scripted by the harness)" : null,
                ["exceeded_daily_limit"] = false,
            };
        }
    }
}
