using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// Checks raw configuration values against the options type they bind to. The configuration binder silently drops
/// a list item whose value cannot be converted (<c>Targets:0:PollInterval=abc</c> made the target vanish), so every
/// list of options is checked here first: each key must exist on the type and each value must parse.
/// </summary>
internal static class ConfigurationValues
{
    /// <summary>One message per bad key of every item under <paramref name="list"/>, naming key, value and expected form.</summary>
    public static IEnumerable<string> ErrorsInList<T>(IConfigurationSection list) =>
        list.GetChildren().SelectMany(item => Errors(item, typeof(T), item.Path));

    /// <summary>Errors of one section bound to <paramref name="type"/>; <paramref name="key"/> is its path for messages.</summary>
    public static IEnumerable<string> Errors(IConfigurationSection section, Type type, string key)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in section.GetChildren())
        {
            var path = $"{key}:{child.Key}";
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                yield return $"{path} is not a known key. Known keys: {string.Join(", ", properties.Select(p => p.Name))}.";
                continue;
            }
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(string))
            {
                continue;
            }
            if (IsScalar(propertyType))
            {
                if (child.Value is not { } value)
                {
                    yield return $"{path} must be a single value ({ExpectedForm(propertyType)}), not a section.";
                }
                else if (!Parses(value, propertyType))
                {
                    yield return $"{path} '{value}' is not {ExpectedForm(propertyType)}.";
                }
                continue;
            }
            if (ListElement(propertyType) is { } element)
            {
                foreach (var item in child.GetChildren())
                {
                    if (element != typeof(string) && IsScalar(element) && item.Value is { } v && !Parses(v, element))
                    {
                        yield return $"{item.Path} '{v}' is not {ExpectedForm(element)}.";
                    }
                }
                continue;
            }
            foreach (var error in Errors(child, propertyType, path))
            {
                yield return error;
            }
        }
    }

    private static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(Guid);

    private static Type? ListElement(Type type) => type.IsArray
        ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static bool Parses(string value, Type type)
    {
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _);
        }
        if (type == typeof(bool))
        {
            return bool.TryParse(value, out _);
        }
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string ExpectedForm(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a TimeSpan: [d.]hh:mm:ss[.fff], e.g. 00:00:05 for five seconds or 1.00:00:00 for a day",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {type.Name}",
    };
}
