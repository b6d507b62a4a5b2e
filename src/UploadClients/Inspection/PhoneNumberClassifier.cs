using System.Collections.Concurrent;
using PhoneNumbers;

namespace UploadClients;

/// <summary>
/// Classifies phone values with libphonenumber (Google's rules, the library providers use), with a
/// fast path for the shapes people type for North American numbers, checked against libphonenumber
/// on the whole test corpus and on random numbers (PhoneNumberClassifierTests).
/// </summary>
/// <remarks>
/// <para>The fast path takes a value made only of digits and the separators <c>( ) - . space</c>,
/// with an optional leading <c>+</c>, that holds ten digits, or eleven starting with 1: a NANP
/// number. libphonenumber's US and Canadian metadata decide such a number by its area code and the
/// first digit of its exchange (<c>NPA[2-9]XXXXXX</c>); the verdict for those four digits is asked
/// of libphonenumber once, with several different endings, and kept (10,000 entries at most) only
/// when every ending got the same answer and the region is the US, Canada or none. Personal numbers
/// (area codes 52x), other NANP countries and anything else (letters, extensions, other country
/// codes) go to libphonenumber itself: about 5 µs a value instead of about 50 ns.</para>
/// </remarks>
internal static class PhoneNumberClassifier
{
    private const string DefaultRegion = "US";

    /// <summary>Endings tried for a four-digit prefix: every digit in every place at least once.</summary>
    private static readonly string[] Probes = ["000000", "555123", "987654", "246801", "135799", "999999", "612345", "470058"];

    private static readonly Lazy<PhoneNumberUtil> Util = new(PhoneNumberUtil.GetInstance);

    /// <summary>
    /// The four-digit prefixes that the metadata gives to a NANP country other than the US and Canada
    /// (its leading digits: Jamaica's 876, the Bahamas' 242, …): never on the fast path.
    /// </summary>
    private static readonly Lazy<bool[]> OtherNanpPrefixes = new(() =>
    {
        var other = new bool[10_000];
        foreach (var region in Util.Value.GetRegionCodesForCountryCode(1))
        {
            if (region is "US" or "CA" || Util.Value.GetMetadataForRegion(region)?.LeadingDigits is not { Length: > 0 } leading)
            {
                continue;
            }

            var pattern = new System.Text.RegularExpressions.Regex("^(?:" + leading + ")", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            for (var prefix = 0; prefix < other.Length; prefix++)
            {
                other[prefix] |= pattern.IsMatch(prefix.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return other;
    });

    /// <summary>By the four-digit prefix: 0 not asked yet, 1 slow path, else (byte)kind + 2.</summary>
    private static readonly byte[] Prefixes = new byte[10_000];

    /// <summary>How many values took each path since the process started (tests and benchmarks read them).</summary>
    internal static long FastPathCount;

    internal static long SlowPathCount;

    /// <summary>Classifies one value; <paramref name="e164"/> is the number's E.164 digits as a number (0 when not valid).</summary>
    /// <param name="value">The value as written.</param>
    /// <param name="e164">The number's E.164 digits as a number, for a valid one.</param>
    /// <param name="cache">Verdicts of libphonenumber already asked in this file (values that repeat: "n/a", "unknown", …).</param>
    internal static PhoneNumberKind Classify(ReadOnlySpan<char> value, out ulong e164, SlowPathCache? cache = null)
    {
        e164 = 0;
        value = value.Trim();
        if (value.IsEmpty)
        {
            return PhoneNumberKind.Empty;
        }

        var shape = TryNanpDigits(value, out var national);
        if (shape == Shape.TooFewDigits)
        {
            // Digits and separators only, at most nine digits: too short for a NANP number, and too short
            // for an international one dialled through 011 (which needs ten digits at least).
            Interlocked.Increment(ref FastPathCount);
            return PhoneNumberKind.Invalid;
        }

        if (shape == Shape.Nanp)
        {
            var prefix = (int)(national / 1_000_000);
            var known = Volatile.Read(ref Prefixes[prefix]);
            if (known == 0)
            {
                known = Learn(prefix);
            }

            if (known >= 2)
            {
                Interlocked.Increment(ref FastPathCount);
                var kind = (PhoneNumberKind)(known - 2);
                if (kind is PhoneNumberKind.ValidUsCanada)
                {
                    e164 = 10_000_000_000UL + national;
                }

                return kind;
            }
        }

        Interlocked.Increment(ref SlowPathCount);
        if (cache is null)
        {
            return ClassifySlow(value.ToString(), out e164);
        }

        if (cache.TryGet(value, out var cached))
        {
            e164 = cached.E164;
            return cached.Kind;
        }

        var text = value.ToString();
        var kind2 = ClassifySlow(text, out e164);
        cache.Add(text, kind2, e164);
        return kind2;
    }

    /// <summary>A bounded memo of libphonenumber's verdicts for one inspection (so its memory does not grow with the file).</summary>
    internal sealed class SlowPathCache
    {
        private const int Capacity = 4096;
        private readonly Dictionary<string, (PhoneNumberKind Kind, ulong E164)> _verdicts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (PhoneNumberKind Kind, ulong E164)>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

        internal SlowPathCache() => _bySpan = _verdicts.GetAlternateLookup<ReadOnlySpan<char>>();

        internal bool TryGet(ReadOnlySpan<char> value, out (PhoneNumberKind Kind, ulong E164) verdict) => _bySpan.TryGetValue(value, out verdict);

        internal void Add(string value, PhoneNumberKind kind, ulong e164)
        {
            if (_verdicts.Count >= Capacity)
            {
                _verdicts.Clear(); // a file of mostly unique foreign numbers: keep the memory bounded, not the hits
            }

            _verdicts[value] = (kind, e164);
        }
    }

    private enum Shape
    {
        Other,
        Nanp,
        TooFewDigits,
    }

    /// <summary>libphonenumber alone, no fast path (what the fast path is checked against).</summary>
    internal static PhoneNumberKind ClassifySlow(string value, out ulong e164)
    {
        e164 = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return PhoneNumberKind.Empty;
        }

        PhoneNumber number;
        try
        {
            number = Util.Value.Parse(value, DefaultRegion);
        }
        catch (NumberParseException)
        {
            return PhoneNumberKind.Invalid;
        }

        if (!Util.Value.IsValidNumber(number))
        {
            return PhoneNumberKind.Invalid;
        }

        e164 = checked((ulong)number.CountryCode * Pow10(Digits(number.NationalNumber)) + number.NationalNumber);
        var region = Util.Value.GetRegionCodeForNumber(number);
        return region is "US" or "CA" ? PhoneNumberKind.ValidUsCanada : PhoneNumberKind.ValidElsewhere;
    }

    /// <summary>Whether <paramref name="value"/> is written in E.164: a +, a country code and at most 15 digits, nothing else.</summary>
    internal static bool IsE164Format(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length < 3 || value.Length > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        foreach (var c in value[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static Shape TryNanpDigits(ReadOnlySpan<char> value, out ulong national)
    {
        national = 0;
        var digits = 0;
        var leadingOne = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 0 && c == '1' && !leadingOne)
                {
                    // A leading 1 is the NANP country code (or trunk prefix); a national number never starts with 1.
                    leadingOne = true;
                    continue;
                }

                if (++digits > 10)
                {
                    return Shape.Other;
                }

                national = (national * 10) + (ulong)(c - '0');
            }
            else if (c == '+' && i == 0)
            {
                if (value.Length < 2 || value[1] != '1')
                {
                    return Shape.Other; // another country code
                }
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return Shape.Other; // letters, an extension, anything libphonenumber should read
            }
        }

        if (value[0] != '+' && digits + (leadingOne ? 1 : 0) <= 9)
        {
            return Shape.TooFewDigits;
        }

        // "+" needs the 1; without a + the 1 is optional.
        return digits == 10 && (value[0] != '+' || leadingOne) && national >= 2_000_000_000UL ? Shape.Nanp : Shape.Other;
    }

    private static byte Learn(int prefix)
    {
        byte verdict;
        if (prefix / 10 is >= 520 and <= 529 || OtherNanpPrefixes.Value[prefix])
        {
            verdict = 1; // personal numbers, or another NANP country's area code: decided by more digits
        }
        else
        {
            PhoneNumberKind? agreed = null;
            var same = true;
            foreach (var probe in Probes)
            {
                var kind = ClassifySlow("+1" + prefix.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + probe, out _);
                if (agreed is null)
                {
                    agreed = kind;
                }
                else if (agreed != kind)
                {
                    same = false;
                    break;
                }
            }

            verdict = same && agreed is PhoneNumberKind.ValidUsCanada or PhoneNumberKind.Invalid ? (byte)((int)agreed!.Value + 2) : (byte)1;
        }

        Volatile.Write(ref Prefixes[prefix], verdict);
        return verdict;
    }

    private static int Digits(ulong n)
    {
        var d = 1;
        while (n >= 10)
        {
            n /= 10;
            d++;
        }

        return d;
    }

    private static ulong Pow10(int n)
    {
        ulong r = 1;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }
}
