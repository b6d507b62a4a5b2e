using System.Globalization;

namespace UploadClients;

/// <summary>
/// A call in words for messages ("read upload 3c90c3cc-…"), composed only when a message needs it: a
/// poll that succeeds formats no id and concatenates nothing. Any string converts to one.
/// </summary>
internal readonly struct CallText
{
    private readonly string _words;
    private readonly Guid _id;
    private readonly string? _subject;

    /// <summary>A call about <paramref name="id"/>.</summary>
    /// <param name="words">The call in words ("read upload").</param>
    /// <param name="id">The id it is about, appended after a space.</param>
    public CallText(string words, Guid id) => (_words, _id) = (words, id);

    /// <summary>A call about <paramref name="subject"/> (an id the provider gives as a string).</summary>
    /// <param name="words">The call in words ("read source").</param>
    /// <param name="subject">What it is about, appended after a space.</param>
    public CallText(string words, string subject) => (_words, _subject) = (words, subject);

    private CallText(string words) => _words = words;

    /// <summary>The words, then the id or subject if any.</summary>
    public override string ToString() =>
        _subject is not null ? _words + " " + _subject
        : _id != Guid.Empty ? string.Create(CultureInfo.InvariantCulture, $"{_words} {_id:D}")
        : _words ?? string.Empty;

    /// <summary>A call described by <paramref name="words"/> alone.</summary>
    public static implicit operator CallText(string words) => new(words);
}
