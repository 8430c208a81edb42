using System.Globalization;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// What a password must not be: shorter than <see cref="MinimumLength"/>, the user name, one character repeated,
/// or a common password, also with digits or symbols added at the end ("password1234", "dragon!!2026"). The list
/// ships inside the app (common-passwords.txt: Openwall's 3,546 most common passwords, public domain), compared
/// without case. Applied to every password set: new users, resets, and the bootstrap admin's from configuration.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinimumLength = 12;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <summary>Why <paramref name="password"/> is refused for <paramref name="userName"/>, or null when it is acceptable.</summary>
    public static string? Problem(string userName, string password)
    {
        if (password.Length < MinimumLength)
        {
            return $"A password has at least {MinimumLength} characters.";
        }
        var lower = password.ToLower(CultureInfo.InvariantCulture);
        var core = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,;:?~ ".ToCharArray());
        var name = userName.Trim().ToLower(CultureInfo.InvariantCulture);
        if (lower == name || (core.Length > 0 && core == name))
        {
            return "A password must not be the user name.";
        }
        if (password.All(c => c == password[0]))
        {
            return "A password must not be one character repeated.";
        }
        if (Common.Value.Contains(lower) || (core.Length >= 4 && Common.Value.Contains(core)))
        {
            return "This password is one of the most common passwords (or one with digits or symbols added): choose another.";
        }
        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build (common-passwords.txt).");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#!comment:", StringComparison.Ordinal))
            {
                words.Add(line.ToLower(CultureInfo.InvariantCulture));
            }
        }
        return words;
    }
}
