using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;

namespace UploadClients;

/// <summary>
/// Drift seen while working: every answer the SDK reads into one of its models is scanned once more
/// (top-level members only, no allocation on a documented answer) for a documented member that is
/// absent and an enumeration value the docs do not list. Each such path is logged once per process at
/// Warning, in the provider's log category, with the path and never the value; the metric
/// <c>uploadclients.drift</c> counts every answer that has one.
/// </summary>
internal static partial class WorkingDrift
{
    internal const string ShapeTag = "uploadclients.shape";
    internal const string PathTag = "uploadclients.path";
    internal const string KindTag = "uploadclients.drift.kind";

    internal static readonly System.Diagnostics.Metrics.Counter<long> Counter = UploadClientsTelemetry.Meter.CreateCounter<long>(
        "uploadclients.drift", "{finding}", "Answers read while working that lack a documented member or carry an enumeration value the docs do not list, by provider, shape, path and kind.");

    // Each shape is made when its model is first read, off the read's path (see Observe).
    private static readonly Entry Upload = new(() => RuntimeShape.From("upload", DocumentedShapes.OptimalDialUpload));
    private static readonly Entry SourceStatus = new(() => RuntimeShape.From("source status", DocumentedShapes.OrbitSearchSourceStatusShape));
    private static readonly Entry CsvUpload = new(() => RuntimeShape.From("csv upload", DocumentedShapes.OrbitSearchUpload));
    private static readonly Entry UploadRequest = new(() => RuntimeShape.From("upload request", DocumentedShapes.TalkdeskUploadRequestUpdated));

    // Read from the create, update and GET answers, whose tables differ: only what all three document is expected.
    private static readonly Entry RecordList = new(() => RuntimeShape.From("record list", DocumentedShapes.TalkdeskRecordList, DocumentedShapes.TalkdeskNewRecordList, DocumentedShapes.TalkdeskRecordListUpdated));

    private static Entry? EntryOf(Type type) =>
        type == typeof(OptimalDialUpload) ? Upload
        : type == typeof(OrbitSearchSource) ? SourceStatus
        : type == typeof(OrbitSearchCsvUploadResult) ? CsvUpload
        : type == typeof(Talkdesk.UploadRequestWire) ? UploadRequest
        : type == typeof(Talkdesk.RecordListWire) ? RecordList
        : null;

    /// <summary>Makes every shape now, so that the next reads are all scanned (tests).</summary>
    internal static void Prepare()
    {
        foreach (var entry in new[] { Upload, SourceStatus, CsvUpload, UploadRequest, RecordList })
        {
            entry.Make();
        }
    }

    /// <summary>
    /// Paths already logged ("upload|status|unknown_value"), per logger: an application has one logger per
    /// provider's category, so once per process; two service providers in one process (tests) each log theirs.
    /// </summary>
    private static readonly ConditionalWeakTable<ILogger, ConcurrentDictionary<string, bool>> Logged = new();

    /// <summary>Scans an answer read as <paramref name="type"/>; nothing happens for a type without a documented shape.</summary>
    internal static void Observe(ProviderHttp http, Type type, ReadOnlySpan<byte> body)
    {
        if (EntryOf(type)?.Ready() is not { } shape)
        {
            return;
        }

        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            ulong seen = 0;
            var position = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = shape.IndexOf(ref reader, position++);
                reader.Read();
                if (index >= 0)
                {
                    seen |= 1UL << index;
                    if (reader.TokenType == JsonTokenType.String && shape.Values[index] is { } values && !values.IsKnown(ref reader))
                    {
                        Report(http, shape, shape.Names[index], DriftFindingKind.UnknownValue);
                    }
                }

                reader.Skip();
            }

            var missing = shape.Expected & ~seen;
            for (var i = 0; missing != 0; i++, missing >>= 1)
            {
                if ((missing & 1) != 0)
                {
                    Report(http, shape, shape.Names[i], DriftFindingKind.Missing);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The model was read from these bytes; a value this scan cannot read (a lone surrogate) adds nothing.
        }
    }

    private static void Report(ProviderHttp http, RuntimeShape shape, string path, DriftFindingKind kind)
    {
        var kindText = kind == DriftFindingKind.Missing ? "missing" : "unknown_value";
        var tags = UploadClientsTelemetry.Tags(http.Provider, http.Account);
        tags.Add(ShapeTag, shape.Name);
        tags.Add(PathTag, path);
        tags.Add(KindTag, kindText);
        Counter.Add(1, in tags);
        if (Logged.GetValue(http.Logger, static _ => new(StringComparer.Ordinal)).TryAdd(shape.Name + "|" + path + "|" + kindText, true))
        {
            if (kind == DriftFindingKind.Missing)
            {
                LogMissing(http.Logger, http.Provider, shape.Name, path);
            }
            else
            {
                LogUnknownValue(http.Logger, http.Provider, shape.Name, path);
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "{Provider}'s {Shape} answer lacks the documented member '{Path}': the SDK reads it as absent. The API may have changed since this SDK was built; `uploadclients doctor` checks every documented shape. Logged once per process; the metric uploadclients.drift counts each answer.")]
    private static partial void LogMissing(ILogger logger, string provider, string shape, string path);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "{Provider}'s {Shape} answer has a value of '{Path}' the documentation does not list: the SDK keeps it as sent (IsDocumented is false; no wait ends on it). The API may have changed since this SDK was built; `uploadclients doctor` checks every documented shape. Logged once per process; the metric uploadclients.drift counts each answer.")]
    private static partial void LogUnknownValue(ILogger logger, string provider, string shape, string path);

    /// <summary>
    /// A model's shape, made once: the first read of the model asks for it on the thread pool and is not
    /// scanned itself (the shape is tens of milliseconds of JIT and parsing in a fresh process; a
    /// short-lived job's first status read must not wait for a diagnostic), the reads after it are.
    /// </summary>
    private sealed class Entry(Func<RuntimeShape> make)
    {
        private volatile RuntimeShape? _shape;
        private int _started;

        public RuntimeShape? Ready()
        {
            if (_shape is { } shape)
            {
                return shape;
            }

            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static entry => entry.Make(), this, preferLocal: false);
            }

            return null;
        }

        public void Make()
        {
            try
            {
                _shape ??= make();
            }
            catch (Exception ex) when (ex is InvalidOperationException or JsonException or IOException)
            {
                // No shape, no scan: a diagnostic never fails a read.
            }
        }
    }

    /// <summary>A model's documented top-level members, those expected in every answer, and its enumerations.</summary>
    private sealed class RuntimeShape
    {
        private readonly byte[][] _utf8;

        private RuntimeShape(string name, string[] names, ulong expected, KnownValues?[] values)
        {
            Name = name;
            Names = names;
            Expected = expected;
            Values = values;
            _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];
            _hints = [.. Enumerable.Repeat(-1, 64)];
        }

        private readonly int[] _hints;

        public string Name { get; }

        public string[] Names { get; }

        public ulong Expected { get; }

        public KnownValues?[] Values { get; }

        /// <summary>The shape of <paramref name="shapes"/>' top-level members: expected where every one documents it (and it is not conditional).</summary>
        public static RuntimeShape From(string name, params DocumentedShape[] shapes)
        {
            var names = shapes.SelectMany(s => s.Shape.Members.Keys).Where(TopLevel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(64).ToArray();
            ulong expected = 0;
            var values = new KnownValues?[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                if (shapes.All(s => s.Shape.Members.ContainsKey(names[i]) && !s.Conditional.Contains(names[i])))
                {
                    expected |= 1UL << i;
                }

                // An enumeration is checked where every answer read into the model lists its values (Talkdesk's
                // create answer types a record list's status as a string only, and the fake answers CREATED there).
                if (shapes.All(s => s.Values.Any(v => v.Path == names[i])) && shapes[0].Values.First(v => v.Path == names[i]) is { } documented)
                {
                    values[i] = new KnownValues(documented.IsDocumented);
                }
            }

            return new RuntimeShape(name, names, expected, values);
        }

        private static bool TopLevel(string path) => path != "$" && path.IndexOfAny(['.', '[']) < 0;

        /// <summary>
        /// The index of the member name under <paramref name="reader"/>, or -1. A provider writes its members
        /// in the same order every time: the name seen at <paramref name="position"/> last time is tried
        /// first (one comparison per member on a poll, instead of a search through all of them).
        /// </summary>
        public int IndexOf(ref Utf8JsonReader reader, int position)
        {
            var hints = _hints;
            if (position < hints.Length && hints[position] is var hint and >= 0 && reader.ValueTextEquals(_utf8[hint]))
            {
                return hint;
            }

            for (var i = 0; i < _utf8.Length; i++)
            {
                if (reader.ValueTextEquals(_utf8[i]))
                {
                    if (position < hints.Length)
                    {
                        hints[position] = i; // a racing write leaves another valid hint: only speed depends on it
                    }

                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// The values of one enumeration seen to be documented, as UTF-8: a status read on every poll is
    /// compared without making a string; a value not seen yet is read once and asked about.
    /// </summary>
    private sealed class KnownValues(Func<string, bool> isDocumented)
    {
        private const int MaxRemembered = 32;
        private volatile byte[][] _known = [];

        public bool IsKnown(ref Utf8JsonReader reader)
        {
            foreach (var known in _known)
            {
                if (reader.ValueTextEquals(known))
                {
                    return true;
                }
            }

            var value = reader.GetString()!;
            if (!isDocumented(value))
            {
                return false;
            }

            var current = _known;
            if (current.Length < MaxRemembered)
            {
                _known = [.. current, Encoding.UTF8.GetBytes(value)];
            }

            return true;
        }
    }
}
