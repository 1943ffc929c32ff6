namespace GgeWorkspace.Text;

public sealed partial class TextOperation
{
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
}
