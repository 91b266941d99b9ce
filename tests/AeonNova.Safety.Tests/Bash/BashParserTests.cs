using AeonNova.Safety.Bash;

namespace AeonNova.Safety.Tests.Bash;

/// <summary>The bash parser on its own, one group of tests per part: lexer, words and expansions, heredocs, commands.</summary>
public sealed class BashParserTests
{
    private static SimpleCommand OnlyCommand(string script)
    {
        var list = BashParser.Parse(script);
        var item = Assert.Single(list.Items);
        var pipeline = Assert.Single(item.Pipelines);
        return Assert.IsType<SimpleCommand>(Assert.Single(pipeline.Commands));
    }

    private static string Literal(Word word) => word.LiteralText;

    // ---------- lexer ----------

    [Fact]
    public void Parse_WhenLineHasCommentAndContinuation_ShouldKeepOnlyTheWords()
    {
        var command = OnlyCommand("systemctl \\\n  restart nginx   # reload config\n");
        Assert.Equal(["systemctl", "restart", "nginx"], command.Words.Select(Literal));
    }

    [Fact]
    public void Parse_WhenHashIsInsideAWord_ShouldNotStartAComment()
    {
        var command = OnlyCommand("echo a#b");
        Assert.Equal("a#b", Literal(command.Words[1]));
    }

    [Fact]
    public void Parse_WhenBlankLinesSeparateCommands_ShouldGiveOneItemPerCommand()
    {
        Assert.Equal(3, BashParser.Parse("df -h\n\n\nfree -m; uptime\n").Items.Count);
    }

    // ---------- words and expansions ----------

    [Fact]
    public void Parse_WhenWordIsSplitByQuotes_ShouldCountTheQuotedSegments()
    {
        var word = OnlyCommand("\"r\"\"m\" -rf /tmp/x").Words[0];
        Assert.Equal("rm", Literal(word));
        Assert.Equal(2, word.QuotedSegments);
    }

    [Fact]
    public void Parse_WhenParameterHasADefault_ShouldKeepOperatorAndArgument()
    {
        var part = Assert.IsType<ParameterPart>(Assert.Single(OnlyCommand("echo ${DIR:-/tmp}").Words[1].Parts));
        Assert.Equal("DIR", part.Name);
        Assert.Equal(":-", part.Operator);
        Assert.Equal("/tmp", Literal(part.Argument!));
    }

    [Fact]
    public void Parse_WhenWordHoldsCommandSubstitution_ShouldParseItsBody()
    {
        var part = Assert.IsType<CommandSubstitutionPart>(Assert.Single(OnlyCommand("echo \"$(cat /etc/hostname)\"").Words[1].Parts));
        Assert.True(part.Quoted);
        var inner = Assert.IsType<SimpleCommand>(part.Body.Items[0].Pipelines[0].Commands[0]);
        Assert.Equal(["cat", "/etc/hostname"], inner.Words.Select(Literal));
    }

    [Fact]
    public void Parse_WhenBacktickIsUsed_ShouldGiveACommandSubstitution()
    {
        Assert.IsType<CommandSubstitutionPart>(Assert.Single(OnlyCommand("echo `date`").Words[1].Parts));
    }

    [Fact]
    public void Parse_WhenAnsiCQuotingIsUsed_ShouldDecodeTheEscapes()
    {
        var word = OnlyCommand("$'\\x72\\x6d' -rf /tmp/x").Words[0];
        Assert.Equal("rm", Literal(word));
        Assert.True(word.AnsiCEscapes);
    }

    [Fact]
    public void Parse_WhenAssignmentPrecedesCommand_ShouldSeparateIt()
    {
        var command = OnlyCommand("LANG=C sort file");
        var assignment = Assert.Single(command.Assignments);
        Assert.Equal("LANG", assignment.Name);
        Assert.Equal("C", Literal(assignment.Value));
        Assert.Equal(["sort", "file"], command.Words.Select(Literal));
    }

    [Fact]
    public void Parse_WhenDoubleQuoteIsNotClosed_ShouldThrowWithTheOffset()
    {
        var ex = Assert.Throws<BashSyntaxException>(() => BashParser.Parse("echo \"unterminated"));
        Assert.InRange(ex.Offset, 5, 18);
    }

    // ---------- heredocs ----------

    [Fact]
    public void Parse_WhenHeredocHasUnquotedDelimiter_ShouldKeepBodyAndParseExpansions()
    {
        var command = OnlyCommand("cat > /tmp/f <<EOF\nhost=$HOSTNAME\nEOF\n");
        var heredoc = command.Redirects.Single(r => r.Kind == RedirectKind.HereDoc);
        Assert.Equal("host=$HOSTNAME\n", heredoc.RawBody);
        Assert.NotNull(heredoc.Body);
        Assert.Contains(heredoc.Body!.Parts, p => p is ParameterPart { Name: "HOSTNAME" });
    }

    [Fact]
    public void Parse_WhenHeredocDelimiterIsQuoted_ShouldNotExpandTheBody()
    {
        var heredoc = OnlyCommand("cat <<'EOF'\n$(rm -rf /)\nEOF\n").Redirects.Single(r => r.Kind == RedirectKind.HereDoc);
        Assert.True(heredoc.BodyQuoted);
        Assert.Null(heredoc.Body);
        Assert.Equal("$(rm -rf /)\n", heredoc.RawBody);
    }

    [Fact]
    public void Parse_WhenHeredocUsesDash_ShouldStripLeadingTabs()
    {
        var heredoc = OnlyCommand("cat <<-EOF\n\tindented\n\tEOF\n").Redirects.Single(r => r.Kind == RedirectKind.HereDoc);
        Assert.Equal("indented\n", heredoc.RawBody);
    }

    [Fact]
    public void Parse_WhenTwoHeredocsShareALine_ShouldReadBodiesInOrder()
    {
        var list = BashParser.Parse("cat <<A; cat <<B\none\nA\ntwo\nB\n");
        var bodies = list.Items.Select(i => ((SimpleCommand)i.Pipelines[0].Commands[0]).Redirects.Single().RawBody).ToList();
        Assert.Equal(["one\n", "two\n"], bodies);
    }

    // ---------- commands ----------

    [Fact]
    public void Parse_WhenPipelinesAreChained_ShouldBuildAndOrOfPipelines()
    {
        var item = Assert.Single(BashParser.Parse("ps aux | grep nginx && systemctl restart nginx").Items);
        Assert.Equal(2, item.Pipelines.Count);
        Assert.Equal(2, item.Pipelines[0].Commands.Count);
    }

    [Fact]
    public void Parse_WhenCommandIsBackgrounded_ShouldMarkTheItem()
    {
        Assert.True(Assert.Single(BashParser.Parse("sleep 10 &").Items).Background);
    }

    [Fact]
    public void Parse_WhenCompoundCommandsAreUsed_ShouldGiveTheirNodes()
    {
        var list = BashParser.Parse("if true; then echo a; else echo b; fi\nfor f in a b; do echo $f; done\ncase $x in a) echo a;; *) echo z;; esac\nf() { echo f; }\n( cd /tmp )");
        var kinds = list.Items.Select(i => i.Pipelines[0].Commands[0].GetType()).ToList();
        Assert.Equal([typeof(IfNode), typeof(LoopNode), typeof(CaseNode), typeof(FunctionNode), typeof(GroupNode)], kinds);
        var loop = (LoopNode)list.Items[1].Pipelines[0].Commands[0];
        Assert.Equal("f", loop.Variable);
        Assert.Equal(2, loop.Items!.Count);
        Assert.Equal(2, ((CaseNode)list.Items[2].Pipelines[0].Commands[0]).Arms.Count);
    }

    [Fact]
    public void Parse_WhenRedirectionsAreGiven_ShouldKeepKindFdAndTarget()
    {
        var redirects = OnlyCommand("cmd > out.log 2>&1 < in.txt >> all.log").Redirects;
        Assert.Equal([RedirectKind.Output, RedirectKind.DuplicateOutput, RedirectKind.Input, RedirectKind.Append], redirects.Select(r => r.Kind));
        Assert.Equal(2, redirects[1].Fd);
        Assert.Equal("out.log", Literal(redirects[0].Target!));
    }

    [Fact]
    public void Parse_WhenIfIsNotClosed_ShouldThrow()
    {
        Assert.Throws<BashSyntaxException>(() => BashParser.Parse("if [ -f /etc/motd ]; then\n  cat /etc/motd\n"));
    }
}
