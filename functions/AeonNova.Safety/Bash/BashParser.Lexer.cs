using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>The lexer level: blanks, line continuations, comments and line breaks between tokens.</summary>
internal sealed partial class BashParser
{
    private void SkipBlanks()
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
            }
            else
            {
                break;
            }
        }
    }

    private void SkipBlanksAndComments()
    {
        SkipBlanks();
        if (Peek() == '#')
        {
            while (!AtEnd && Peek() != '\n')
            {
                _pos++;
            }
        }
    }

    private void SkipLinebreaks()
    {
        while (true)
        {
            SkipBlanksAndComments();
            if (Peek() != '\n')
            {
                return;
            }
            _pos++;
            if (_pendingDelimiters.Count > 0)
            {
                ReadHeredocBodies();
            }
        }
    }
}
