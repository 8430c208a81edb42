using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

/// <summary>
/// GeminiDB's rules for a manual backup, as the connector checks them before sending (and GeminiDB answers
/// DBS.200001 otherwise): the form says what is wrong before anything leaves the page.
/// </summary>
public static partial class GeminiDbBackupRules
{
    public const int NameMin = 4;
    public const int NameMax = 64;
    public const int DescriptionMax = 256;

    /// <summary>Characters GeminiDB refuses in a backup description.</summary>
    public static readonly char[] ForbiddenInDescription = ['>', '!', '<', '"', '&', '\'', '='];

    public static string? NameProblem(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length switch
        {
            0 => "Give the backup a name.",
            < NameMin or > NameMax => $"The name must be {NameMin} to {NameMax} characters long.",
            _ when !char.IsAsciiLetter(trimmed[0]) => "The name must start with a letter.",
            _ when !NamePattern().IsMatch(trimmed) => "The name may contain only letters, digits, '-' and '_'.",
            _ => null,
        };
    }

    public static string? DescriptionProblem(string? description) => description switch
    {
        { Length: > DescriptionMax } => $"At most {DescriptionMax} characters.",
        _ when (description ?? "").IndexOfAny(ForbiddenInDescription) >= 0 => "The description may not contain > ! < \" & ' =.",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{3,63}$")]
    private static partial Regex NamePattern();
}
