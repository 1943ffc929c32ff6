using System.Text.Json;
using System.Text.Json.Serialization;

namespace GgeWorkspace.Text;

/// <summary>
/// Reads and writes a <see cref="TextOperation"/> as an ot.js-style array. Reading checks structure only, the same for a
/// hub message and a stored event: an array of non-empty strings and non-zero integers within ±2147483647 whose counts
/// add up without overflow. Anything else is a <see cref="JsonException"/> that
/// <see cref="MalformedComponent"/> recognises, naming the component at fault. Limits of incoming messages (paragraph length, allowed characters) are checked by the hub, not
/// here, so history written under other settings stays readable.
/// </summary>
public sealed class TextOperationJsonConverter : JsonConverter<TextOperation>
{
    public override TextOperation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw Malformed("A text operation is a JSON array of retains (positive integers), inserts (strings) and deletes (negative integers).", null);
        var builder = new TextOperation.Builder();
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            TextComponent component;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    string text;
                    try
                    {
                        text = reader.GetString()!;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Malformed("An insert must be valid Unicode text (no unpaired surrogate escapes).", index);
                    }
                    if (text.Length == 0) throw Malformed("An insert is never empty.", index);
                    component = new TextComponent.Insert(text);
                    break;
                case JsonTokenType.Number:
                    if (!reader.TryGetInt32(out var n) || n == int.MinValue)
                        throw Malformed("A count is a whole number between -2147483647 and 2147483647.", index);
                    if (n == 0) throw Malformed("A count is never zero.", index);
                    component = n > 0 ? new TextComponent.Retain(n) : new TextComponent.Delete(-n);
                    break;
                default:
                    throw Malformed(
                        "A component is a positive integer (retain), a non-empty string (insert) or a negative integer (delete).", index);
            }
            try
            {
                builder.Add(component);
            }
            catch (OverflowException)
            {
                throw Malformed("The counts add up to more than 2147483647 code points.", index);
            }
        }
        return builder.Build();
    }

    private const string ComponentKey = "textOperationComponent";

    /// <summary>
    /// For a <see cref="JsonException"/> this reader threw: true, with the index of the component at fault (null when the
    /// operation as a whole is not an array). False for any other exception.
    /// </summary>
    public static bool MalformedComponent(Exception exception, out int? componentIndex)
    {
        componentIndex = null;
        if (exception is not JsonException || !exception.Data.Contains(ComponentKey)) return false;
        componentIndex = exception.Data[ComponentKey] is int i and >= 0 ? i : null;
        return true;
    }

    private static JsonException Malformed(string message, int? componentIndex)
    {
        var exception = new JsonException(message);
        exception.Data[ComponentKey] = componentIndex ?? -1;
        return exception;
    }

    public override void Write(Utf8JsonWriter writer, TextOperation value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var c in value.Components)
        {
            switch (c)
            {
                case TextComponent.Retain r: writer.WriteNumberValue(r.Count); break;
                case TextComponent.Insert i: writer.WriteStringValue(i.Text); break;
                case TextComponent.Delete d: writer.WriteNumberValue(-d.Count); break;
            }
        }
        writer.WriteEndArray();
    }
}
