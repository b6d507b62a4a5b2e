using System.Globalization;

namespace UploadClients;

/// <summary>
/// What the pre-flight header check and the whole-file inspection both say about a CSV's text, in one
/// place and in the same words: its encoding (UTF-16, Windows-1252) and its delimiter (semicolons, as
/// Excel saves "CSV" in European locales), and how a person counts characters.
/// </summary>
internal static class CsvText
{
    /// <summary>How to fix any of these: the one format every provider reads.</summary>
    private const string SaveAs = "save it as \"CSV UTF-8 (Comma delimited)\"";

    /// <summary>The file's first bytes are UTF-16 (a byte-order mark, or NUL bytes): the problem, or null.</summary>
    internal static string? EncodingProblem(ReadOnlySpan<byte> head)
    {
        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head[..Math.Min(head.Length, 512)].Contains((byte)0);
        return utf16 ? $"the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8: {SaveAs}." : null;
    }

    /// <summary>The problem of text that is not UTF-8 (Windows-1252 bytes, as Excel's "CSV (Comma delimited)" writes them).</summary>
    internal static string NotUtf8(string where) =>
        $"{where} is not valid UTF-8 (Excel's \"CSV (Comma delimited)\" writes Windows-1252, and accented names would arrive garbled): {SaveAs}.";

    /// <summary>A header read as one column holding semicolons looks semicolon-separated: the problem, or null.</summary>
    internal static string? DelimiterProblem(IReadOnlyList<string> columns) =>
        columns.Count == 1 && columns[0].Contains(';', StringComparison.Ordinal)
            ? $"the header row looks semicolon-separated (one column, '{columns[0]}'), as Excel saves CSV in some European locales; providers read commas: {SaveAs}."
            : null;

    /// <summary>Characters as a person counts them (grapheme clusters: an emoji, an accented letter written with a combining mark, each counts one).</summary>
    internal static int Characters(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (!text.IsEmpty)
        {
            text = text[StringInfo.GetNextTextElementLength(text)..];
            count++;
        }

        return count;
    }
}
