namespace GgeWorkspace.Text;

public sealed partial class TextOperation
{
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
