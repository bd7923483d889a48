using System.Globalization;

namespace EpochCompare.Training.Config;

/// <summary>Parses option text the same way for the command line and the config file; errors name the option.</summary>
internal static class SettingValues
{
    public static int Int(string name, string text, int min = int.MinValue)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"--{name}: '{text}' is not a whole number.");
        }
        return AtLeast(name, value, min);
    }

    public static double Double(string name, string text, double min = double.NegativeInfinity)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"--{name}: '{text}' is not a number.");
        }
        if (value < min)
        {
            throw new ArgumentException($"--{name}: must be at least {min.ToString(CultureInfo.InvariantCulture)}, got {text}.");
        }
        return value;
    }

    public static ulong UInt64(string name, string text) =>
        ulong.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new ArgumentException($"--{name}: '{text}' is not a non-negative whole number.");

    public static bool Bool(string name, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" or "" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new ArgumentException($"--{name}: '{text}' is not true or false."),
    };

    public static T Choice<T>(string name, string text, params (string Text, T Value)[] choices)
    {
        string wanted = text.Trim().Replace('-', '_');
        foreach (var (choice, value) in choices)
        {
            if (string.Equals(choice, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        throw new ArgumentException($"--{name}: '{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}.");
    }

    /// <summary>"512" or "512,384" (width,height), as kohya's --resolution.</summary>
    public static (int Width, int Height) Resolution(string name, string text)
    {
        string[] parts = text.Split([',', 'x'], StringSplitOptions.TrimEntries);
        int width = Int(name, parts[0], 1);
        int height = parts.Length > 1 ? Int(name, parts[1], 1) : width;
        if (parts.Length > 2)
        {
            throw new ArgumentException($"--{name}: expected 'size' or 'width,height', got '{text}'.");
        }
        return (width, height);
    }

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int AtLeast(string name, int value, int min) =>
        value >= min ? value : throw new ArgumentException($"--{name}: must be at least {min}, got {value}.");
}
