namespace GgeWorkspace.Text;

/// <summary>An operation does not fit the text it is applied to (its base length differs from the text's length).</summary>
public sealed class TextOperationException(string message, int expectedLength, int actualLength) : Exception(message)
{
    public int ExpectedLength { get; } = expectedLength;

    public int ActualLength { get; } = actualLength;
}
