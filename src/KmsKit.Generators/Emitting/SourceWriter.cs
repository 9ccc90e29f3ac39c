using System.Text;

namespace KmsKit.Generators.Emitting;

/// <summary>Writes indented C# lines; <see cref="Block"/> opens a brace block that the returned scope closes.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this);
    }

    public override string ToString() => _text.ToString();

    private void Close(string closing)
    {
        _depth--;
        Line(closing);
    }

    /// <summary>Closes a block when disposed (the default scope closes nothing).</summary>
    public readonly struct Scope : System.IDisposable
    {
        private readonly SourceWriter _writer;

        public Scope(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer?.Close("}");
    }
}
