namespace BackupRestore.Simulator;

/// <summary>A seeded source of ids and numbers: the same seed gives the same fleet, byte for byte.</summary>
public sealed class SimRandom(int seed)
{
    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    /// <summary>A stable seed per target, independent of the process (string.GetHashCode is randomised).</summary>
    public static SimRandom For(int seed, string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return new SimRandom(unchecked(seed ^ (int)hash));
    }

    public int Next(int min, int max)
    {
        lock (gate)
        {
            return random.Next(min, max);
        }
    }

    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (gate)
        {
            random.NextBytes(bytes);
        }
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public string NextHex(int length)
    {
        var chars = new char[length];
        lock (gate)
        {
            for (var i = 0; i < length; i++)
            {
                chars[i] = "0123456789abcdef"[random.Next(16)];
            }
        }
        return new string(chars);
    }
}
