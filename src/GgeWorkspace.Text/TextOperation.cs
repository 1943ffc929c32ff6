using System.Text.Json;
using System.Text.Json.Serialization;

namespace GgeWorkspace.Text;

/// <summary>
/// An immutable change to a text: a walk over the base text made of retain, insert and delete
/// components, counted in Unicode code points. Always in canonical form: components stay in the order given (a delete
/// followed by an insert is not reordered), adjacent components of the same kind are merged and empty ones dropped.
/// Transform and compose produce exactly what ot-text-unicode 4.x produces for the same operations (which trims the
/// trailing retain that this form keeps, so that an operation always walks its whole base text).
/// <para>JSON (as in ot.js): an array where a positive integer retains that many code points, a string
/// inserts it, and a negative integer deletes that many, e.g. <c>[3, "abc", -2, 5]</c>.</para>
/// </summary>
[JsonConverter(typeof(TextOperationJsonConverter))]
public sealed partial class TextOperation : IEquatable<TextOperation>
{
    private readonly TextComponent[] components;

    private TextOperation(TextComponent[] components, int baseLength, int targetLength)
    {
        this.components = components;
        BaseLength = baseLength;
        TargetLength = targetLength;
    }

    public static TextOperation Empty { get; } = new([], 0, 0);

    /// <summary>The normalized components.</summary>
    public IReadOnlyList<TextComponent> Components => components;

    /// <summary>The length in code points of the text this operation applies to.</summary>
    public int BaseLength { get; }

    /// <summary>The length in code points of the text it produces.</summary>
    public int TargetLength { get; }

    /// <summary>True when the operation changes nothing.</summary>
    public bool IsNoop => components.All(c => c is TextComponent.Retain);

    /// <summary>Normalizes the given components into an operation.</summary>
    public static TextOperation Of(params IEnumerable<TextComponent> components)
    {
        var builder = new Builder();
        foreach (var c in components) builder.Add(c);
        return builder.Build();
    }

    /// <summary>The identity operation on a text of <paramref name="length"/> code points.</summary>
    public static TextOperation Identity(int length) => Of(new TextComponent.Retain(length));

    /// <summary>This operation followed by a retain of <paramref name="count"/> code points.</summary>
    public TextOperation Retain(int count) => Of([.. components, new TextComponent.Retain(count)]);

    /// <summary>This operation followed by inserting <paramref name="text"/>.</summary>
    public TextOperation Insert(string text) => Of([.. components, new TextComponent.Insert(text)]);

    /// <summary>This operation followed by deleting <paramref name="count"/> code points.</summary>
    public TextOperation Delete(int count) => Of([.. components, new TextComponent.Delete(count)]);

    /// <summary>The operation turning <paramref name="oldText"/> into <paramref name="newText"/>: a character diff in code points.</summary>
    public static TextOperation FromDiff(string oldText, string newText) => TextDiff.Between(oldText, newText);

    /// <summary>The code points this operation inserts.</summary>
    public int InsertedLength => components.OfType<TextComponent.Insert>().Sum(c => c.Length);

    public bool Equals(TextOperation? other) => other is not null && components.AsSpan().SequenceEqual(other.components);

    public override bool Equals(object? obj) => obj is TextOperation other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in components) hash.Add(c);
        return hash.ToHashCode();
    }

    public static bool operator ==(TextOperation? left, TextOperation? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(TextOperation? left, TextOperation? right) => !(left == right);

    /// <summary>
    /// Guards the write path: throws unless this operation applies to a text of <paramref name="baseTextLength"/> code
    /// points and reads back from its JSON form unchanged under the rules of <see cref="TextOperationJsonConverter"/>,
    /// so that no event is stored that its reader would refuse.
    /// </summary>
    public void EnsureStorable(int baseTextLength)
    {
        if (BaseLength != baseTextLength)
            throw Mismatch($"The operation applies to a text of {BaseLength} characters, but the text has {baseTextLength}.", BaseLength, baseTextLength);
        if (JsonSerializer.Deserialize<TextOperation>(ToString()) != this)
            throw new InvalidOperationException("The operation does not read back unchanged from its stored form.");
    }

    /// <summary>The JSON form, e.g. <c>[3,"abc",-2]</c>.</summary>
    public override string ToString() => JsonSerializer.Serialize(this);

    private static TextOperationException Mismatch(string message, int expected, int actual) => new(message, expected, actual);
}
