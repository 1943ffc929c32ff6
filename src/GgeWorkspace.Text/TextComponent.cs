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
