using System.Numerics;

namespace UploadClients;

/// <summary>
/// The set of numbers an inspection has seen, to count duplicates: open addressing over one
/// <see cref="ulong"/> array (8 bytes a slot, at most three quarters full), about a third of what a
/// <see cref="HashSet{T}"/> of the same numbers takes and without its per-entry links. Zero is never
/// a number (E.164 digits start with a country code), so it marks an empty slot.
/// </summary>
internal sealed class NumberSet
{
    private ulong[] _slots = new ulong[1024];
    private int _count;

    /// <summary>How many distinct numbers were added.</summary>
    internal int Count => _count;

    /// <summary>Adds <paramref name="number"/>; false when it was already there.</summary>
    internal bool Add(ulong number)
    {
        if (number == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(number), "0 is not a number of E.164.");
        }

        if ((_count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        if (!Insert(_slots, number))
        {
            return false;
        }

        _count++;
        return true;
    }

    private static bool Insert(ulong[] slots, ulong number)
    {
        var mask = slots.Length - 1;
        var i = (int)(Mix(number) & (ulong)mask);
        while (true)
        {
            var at = slots[i];
            if (at == 0)
            {
                slots[i] = number;
                return true;
            }

            if (at == number)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var bigger = new ulong[_slots.Length * 2];
        foreach (var number in _slots)
        {
            if (number != 0)
            {
                Insert(bigger, number);
            }
        }

        _slots = bigger;
    }

    /// <summary>Spreads numbers that differ in their last digits over the whole table (Fibonacci hashing).</summary>
    private static ulong Mix(ulong number) => BitOperations.RotateLeft(number * 0x9E3779B97F4A7C15UL, 32);
}
