using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GgeWorkspace.Text;

/// <summary>One step of a <see cref="TextOperation"/>; lengths are in code points.</summary>
public abstract record TextComponent
{
    private TextComponent() { }

    /// <summary>The code points this component spans (in the base text for retain/delete, in the result for insert).</summary>
    public abstract int Length { get; }

    /// <summary>Keep the next <see cref="Count"/> code points.</summary>
    public sealed record Retain(int Count) : TextComponent
    {
        public override int Length => Count;
    }

    /// <summary>Insert <see cref="Text"/> at the current position.</summary>
    public sealed record Insert(string Text) : TextComponent
    {
        public override int Length => CodePoints.Length(Text);
    }

    /// <summary>Remove the next <see cref="Count"/> code points.</summary>
    public sealed record Delete(int Count) : TextComponent
    {
        public override int Length => Count;
    }
}

/// <summary>
/// Which insert goes first when two concurrent operations insert at the same position. Always explicit: the sides match
/// ot-text-unicode's <c>'left'</c> and <c>'right'</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TieBreak>))]
public enum TieBreak
{
    /// <summary>The operation being transformed goes first (ot-text-unicode <c>'left'</c>).</summary>
    ThisFirst,

    /// <summary>The operation transformed against goes first (ot-text-unicode <c>'right'</c>); the server transforms an incoming operation so.</summary>
    OtherFirst,
}

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
public sealed class TextOperation : IEquatable<TextOperation>
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

    /// <summary>Applies <paramref name="operation"/> to <paramref name="text"/>; a 409 if the lengths disagree.</summary>
    public static string Apply(string text, TextOperation operation)
    {
        var length = CodePoints.Length(text);
        if (length != operation.BaseLength)
            throw Mismatch($"The operation applies to a text of {operation.BaseLength} characters, but the text has {length}.",
                operation.BaseLength, length);

        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var c in operation.components)
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    var end = Advance(text, at, r.Count);
                    result.Append(text, at, end - at);
                    at = end;
                    break;
                case TextComponent.Insert i:
                    result.Append(i.Text);
                    break;
                case TextComponent.Delete d:
                    at = Advance(text, at, d.Count);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>
    /// Transforms <paramref name="operation"/> against a concurrent <paramref name="other"/> on the same base text, so that
    /// <c>Apply(Apply(s, other), Transform(operation, other, side))</c> equals
    /// <c>Apply(Apply(s, operation), Transform(other, operation, mirrored side))</c>. <paramref name="tieBreak"/> says whose
    /// insert goes first where both insert at the same position. The same algorithm as ot-text-unicode's
    /// <c>transform(operation, other, side)</c>, run on the operations without their trailing retains.
    /// </summary>
    public static TextOperation Transform(TextOperation operation, TextOperation other, TieBreak tieBreak)
    {
        if (operation.BaseLength != other.BaseLength)
            throw Mismatch($"Concurrent operations must apply to the same text: {operation.BaseLength} and {other.BaseLength} characters.",
                operation.BaseLength, other.BaseLength);

        var result = new Builder();
        var mine = new Taker(operation.components);
        foreach (var c in Trimmed(other.components))
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    for (var length = r.Count; length > 0;)
                    {
                        var taken = mine.Take(length, keepInsertsWhole: true);
                        result.Add(taken);
                        if (taken is not TextComponent.Insert) length -= taken.Length;
                    }
                    break;
                case TextComponent.Insert i:
                    if (tieBreak == TieBreak.ThisFirst && mine.Peek is TextComponent.Insert) result.Add(mine.TakeWhole()!);
                    result.Add(new TextComponent.Retain(i.Length));
                    break;
                case TextComponent.Delete d:
                    for (var length = d.Count; length > 0;)
                    {
                        var taken = mine.Take(length, keepInsertsWhole: true);
                        if (taken is TextComponent.Insert) result.Add(taken);
                        else length -= taken.Length;
                    }
                    break;
            }
        }
        while (mine.TakeWhole() is { } rest) result.Add(rest);
        return result.PaddedTo(other.TargetLength);
    }

    /// <summary>Transforms both concurrent operations at once (ot.js style); <paramref name="first"/> wins ties.</summary>
    public static (TextOperation FirstPrime, TextOperation SecondPrime) TransformPair(TextOperation first, TextOperation second) =>
        (Transform(first, second, TieBreak.ThisFirst), Transform(second, first, TieBreak.OtherFirst));

    /// <summary>
    /// One operation with the effect of <paramref name="first"/> followed by <paramref name="second"/>: the same algorithm
    /// as ot-text-unicode's <c>compose</c>, run on the operations without their trailing retains.
    /// </summary>
    public static TextOperation Compose(TextOperation first, TextOperation second)
    {
        if (first.TargetLength != second.BaseLength)
            throw Mismatch($"The second operation applies to {second.BaseLength} characters, but the first produces {first.TargetLength}.",
                second.BaseLength, first.TargetLength);

        var result = new Builder();
        var earlier = new Taker(first.components);
        foreach (var c in Trimmed(second.components))
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    for (var length = r.Count; length > 0;)
                    {
                        var taken = earlier.Take(length, keepInsertsWhole: false);
                        result.Add(taken);
                        if (taken is not TextComponent.Delete) length -= taken.Length;
                    }
                    break;
                case TextComponent.Insert i:
                    result.Add(i);
                    break;
                case TextComponent.Delete d:
                    for (var done = 0; done < d.Count;)
                    {
                        switch (earlier.Take(d.Count - done, keepInsertsWhole: false))
                        {
                            case TextComponent.Retain kept:
                                result.Add(new TextComponent.Delete(kept.Count));
                                done += kept.Count;
                                break;
                            case TextComponent.Insert inserted:
                                done += inserted.Length;
                                break;
                            case var deleted:
                                result.Add(deleted);
                                break;
                        }
                    }
                    break;
            }
        }
        while (earlier.TakeWhole() is { } rest) result.Add(rest);
        return result.PaddedTo(first.BaseLength);
    }

    private static ReadOnlySpan<TextComponent> Trimmed(TextComponent[] components) =>
        components.Length > 0 && components[^1] is TextComponent.Retain ? components.AsSpan(0, components.Length - 1) : components;

    /// <summary>The operation that undoes <paramref name="operation"/> once applied to <paramref name="baseText"/>.</summary>
    public static TextOperation Invert(TextOperation operation, string baseText)
    {
        var result = new Builder();
        var at = 0;
        foreach (var c in operation.components)
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    result.Add(r);
                    at += r.Count;
                    break;
                case TextComponent.Insert i:
                    result.Add(new TextComponent.Delete(i.Length));
                    break;
                case TextComponent.Delete d:
                    result.Add(new TextComponent.Insert(CodePoints.Slice(baseText, at, d.Count)));
                    at += d.Count;
                    break;
            }
        }
        return result.Build();
    }

    /// <summary>
    /// Where position <paramref name="index"/> (0..BaseLength) of the base text ends up after <paramref name="operation"/>
    /// (docs/live-editing.md, 3.9). A run of deletes and inserts between two retained code points replaces a range of the
    /// base text; a position at either edge of that range or inside it lands before the inserted text, or after it when
    /// <paramref name="stickToRight"/>. So the answer never depends on the order of the deletes and inserts in the run.
    /// Without <paramref name="stickToRight"/> it is ot-text-unicode's <c>transformPosition</c> for operations that write
    /// each run's deletes before its inserts.
    /// </summary>
    public static int TransformPosition(int index, TextOperation operation, bool stickToRight = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, operation.BaseLength);
        int at = 0, shift = 0;
        for (var i = 0; i < operation.components.Length;)
        {
            if (operation.components[i] is TextComponent.Retain r)
            {
                if (index < at + r.Count) return index + shift;
                at += r.Count;
                i++;
                continue;
            }
            int deleted = 0, inserted = 0;
            for (; i < operation.components.Length && operation.components[i] is not TextComponent.Retain; i++)
            {
                if (operation.components[i] is TextComponent.Delete d) deleted += d.Count;
                else inserted += operation.components[i].Length;
            }
            if (index <= at + deleted) return at + shift + (stickToRight ? inserted : 0);
            at += deleted;
            shift += inserted - deleted;
        }
        return index + shift;
    }

    /// <summary>The operation turning <paramref name="oldText"/> into <paramref name="newText"/>: a character diff in code points.</summary>
    public static TextOperation FromDiff(string oldText, string newText) => TextDiff.Between(oldText, newText);

    /// <summary>The code points this operation inserts.</summary>
    public int InsertedLength => components.OfType<TextComponent.Insert>().Sum(c => c.Length);

    /// <summary>
    /// Splits an operation whose inserts exceed <paramref name="maxInserted"/> code points into a first part within the
    /// limit and the rest, which applies after it: Compose(first, rest) equals the operation. Used by clients to keep
    /// each message under the hub's size limit. The cut falls between inserts whenever one fits: an insert cut in two
    /// lets an edit of another member committed between the parts land inside it (at the end of a paragraph, where its
    /// first half ends), so only an insert longer than the limit on its own is ever cut.
    /// </summary>
    public static (TextOperation First, TextOperation? Remainder) Split(TextOperation operation, int maxInserted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInserted, 1);
        if (operation.InsertedLength <= maxInserted) return (operation, null);
        var first = new Builder();
        int baseDone = 0, targetDone = 0, budget = maxInserted;
        for (var i = 0; i < operation.components.Length; i++)
        {
            switch (operation.components[i])
            {
                case TextComponent.Retain r:
                    first.Add(r);
                    baseDone += r.Count;
                    targetDone += r.Count;
                    break;
                case TextComponent.Delete d:
                    first.Add(d);
                    baseDone += d.Count;
                    break;
                case TextComponent.Insert ins when ins.Length <= budget:
                    first.Add(ins);
                    targetDone += ins.Length;
                    budget -= ins.Length;
                    break;
                case TextComponent.Insert ins:
                    // Something is inserted already: cut before this insert rather than inside it.
                    var head = budget < maxInserted ? "" : CodePoints.Slice(ins.Text, 0, budget);
                    var tail = CodePoints.Slice(ins.Text, CodePoints.Length(head), ins.Length - CodePoints.Length(head));
                    if (head.Length > 0) first.Add(new TextComponent.Insert(head));
                    first.Add(new TextComponent.Retain(operation.BaseLength - baseDone));
                    var rest = new Builder();
                    rest.Add(new TextComponent.Retain(targetDone + CodePoints.Length(head)));
                    rest.Add(new TextComponent.Insert(tail));
                    for (var j = i + 1; j < operation.components.Length; j++) rest.Add(operation.components[j]);
                    return (first.Build(), rest.Build());
            }
        }
        return (operation, null);
    }

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

    private static int Advance(string text, int utf16Index, int codePoints)
    {
        for (var n = 0; n < codePoints; n++) utf16Index += CodePoints.UnitsAt(text, utf16Index);
        return utf16Index;
    }

    private static TextOperationException Mismatch(string message, int expected, int actual) => new(message, expected, actual);

    /// <summary>
    /// Accumulates components in normalized form. Every sum is checked: base and target lengths stay within
    /// <see cref="int.MaxValue"/> code points or the builder throws <see cref="OverflowException"/>, so no operation
    /// with wrapped-around counts can exist.
    /// </summary>
    internal sealed class Builder
    {
        private readonly List<TextComponent> list = [];
        private int baseLength;
        private int targetLength;

        public void Add(TextComponent component)
        {
            switch (component)
            {
                case TextComponent.Retain { Count: < 0 } or TextComponent.Delete { Count: < 0 }:
                    throw new ArgumentOutOfRangeException(nameof(component), "Retain and delete counts cannot be negative.");
                case TextComponent.Insert { Text: null }:
                    throw new ArgumentNullException(nameof(component));
            }
            var length = component.Length;
            if (length == 0) return;
            if (component is not TextComponent.Insert) baseLength = checked(baseLength + length);
            if (component is not TextComponent.Delete) targetLength = checked(targetLength + length);

            var last = list.Count > 0 ? list[^1] : null;
            switch (component, last)
            {
                case (TextComponent.Retain r, TextComponent.Retain lr): list[^1] = new TextComponent.Retain(checked(lr.Count + r.Count)); break;
                case (TextComponent.Delete d, TextComponent.Delete ld): list[^1] = new TextComponent.Delete(checked(ld.Count + d.Count)); break;
                case (TextComponent.Insert i, TextComponent.Insert li): list[^1] = new TextComponent.Insert(li.Text + i.Text); break;
                default: list.Add(component); break;
            }
        }

        /// <summary>The operation, with a trailing retain up to <paramref name="baseLength"/> when it walks less of its base.</summary>
        public TextOperation PaddedTo(int baseLength)
        {
            if (baseLength > this.baseLength) Add(new TextComponent.Retain(baseLength - this.baseLength));
            return Build();
        }

        public TextOperation Build() => list.Count == 0 ? Empty : new([.. list], baseLength, targetLength);
    }

    /// <summary>
    /// Takes an operation apart component by component, as ot-text-unicode's <c>makeTake</c>: past its end an operation
    /// retains forever.
    /// </summary>
    private sealed class Taker(TextComponent[] components)
    {
        private int index;
        private int consumed;
        private string? insertRest;

        public TextComponent? Peek => index < components.Length ? components[index] : null;

        /// <summary>The rest of the current component, or null past the end.</summary>
        public TextComponent? TakeWhole() => Peek is null ? null : TakeUpTo(int.MaxValue, keepWhole: true);

        /// <summary>
        /// At most <paramref name="n"/> code points of the current component; an insert whole when
        /// <paramref name="keepInsertsWhole"/>, a delete whole otherwise.
        /// </summary>
        public TextComponent Take(int n, bool keepInsertsWhole) =>
            Peek switch
            {
                null => new TextComponent.Retain(n),
                TextComponent.Insert => TakeUpTo(n, keepWhole: keepInsertsWhole),
                TextComponent.Delete => TakeUpTo(n, keepWhole: !keepInsertsWhole),
                _ => TakeUpTo(n, keepWhole: false),
            };

        private TextComponent TakeUpTo(int n, bool keepWhole)
        {
            var current = components[index];
            if (current is TextComponent.Insert insert)
            {
                var text = insertRest ?? insert.Text;
                if (keepWhole || CodePoints.Length(text) <= n)
                {
                    Next();
                    return new TextComponent.Insert(text);
                }
                var cut = CodePoints.ToUtf16Index(text, n);
                insertRest = text[cut..];
                return new TextComponent.Insert(text[..cut]);
            }
            var left = current.Length - consumed;
            var part = keepWhole || left <= n ? left : n;
            if (part == left) Next();
            else consumed += part;
            return current is TextComponent.Retain ? new TextComponent.Retain(part) : new TextComponent.Delete(part);
        }

        private void Next()
        {
            index++;
            consumed = 0;
            insertRest = null;
        }
    }
}

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

/// <summary>An operation does not fit the text it is applied to (its base length differs from the text's length).</summary>
public sealed class TextOperationException(string message, int expectedLength, int actualLength) : Exception(message)
{
    public int ExpectedLength { get; } = expectedLength;

    public int ActualLength { get; } = actualLength;
}
