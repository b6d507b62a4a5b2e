using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace UploadClients;

/// <summary>
/// Binds <see cref="UploadClientsOptions"/> from configuration, with a value that is not one of an
/// enum's names (<c>UploadClients:Talkdesk:Region = Au</c>) a validation problem naming the allowed
/// values, reported with every other problem at start, instead of the binder's InvalidOperationException
/// at the first read (which also stops binding there, hiding the problems after it).
/// </summary>
internal static class CheckedBinding
{
    /// <summary>Binds <paramref name="section"/> into <paramref name="options"/>, leaving out and recording each enum value that does not parse.</summary>
    internal static void Bind(IConfiguration section, UploadClientsOptions options, string keyPrefix)
    {
        var bad = new List<(string Path, string Problem)>();
        Scan(section, keyPrefix, bad);
        options.ConfigurationProblems.Clear();
        options.ConfigurationProblems.AddRange(bad.Select(b => b.Problem));
        if (bad.Count == 0)
        {
            section.Bind(options);
            return;
        }

        var left = bad.Select(b => b.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rest = section.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null && !left.Contains(kv.Key));
        new ConfigurationBuilder().AddInMemoryCollection(rest).Build().Bind(options);
    }

    /// <summary>
    /// Every enum-typed setting, by its path under the section (a test checks by reflection that none is
    /// missing; a list, not reflection here, so the library stays trimming- and AOT-safe).
    /// </summary>
    internal static readonly IReadOnlyList<(string Path, Func<string, bool> Parses, string[] Names)> EnumSettings =
    [
        ("Talkdesk:Region", Parses<Talkdesk.TalkdeskRegion>, Enum.GetNames<Talkdesk.TalkdeskRegion>()),
    ];

    private static void Scan(IConfiguration section, string keyPrefix, List<(string, string)> bad)
    {
        foreach (var (path, parses, names) in EnumSettings)
        {
            if (section.GetSection(path).Value is { Length: > 0 } value && !parses(value))
            {
                bad.Add((path, $"{keyPrefix}:{path} is '{value}', which is not one of {string.Join(", ", names)} (case does not matter)."));
            }
        }
    }

    /// <summary>As the binder reads an enum: a name ignoring case, or a number that is a defined value.</summary>
    private static bool Parses<TEnum>(string value)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) &&
        (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || Enum.IsDefined(parsed));
}
