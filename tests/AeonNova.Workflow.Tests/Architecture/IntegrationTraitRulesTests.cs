using System.Text.RegularExpressions;

namespace AeonNova.Workflow.Tests.Architecture;

/// <summary>
/// `./test.sh --unit` (Category!=Integration) must stay fast and need nothing installed, so every test that starts a
/// server (Kestrel, WebApplicationFactory), a real process (bash, the CLI, node/npx, sshd, bubblewrap), a browser or a
/// CDK synth carries <c>[Trait("Category","Integration")]</c>, on its class or on the test itself. The rule follows
/// use: a test support type that does one of these (RunningHost, SynthFixture, CliProcess …) marks every test using
/// it, and so does a helper method of the test class that a test calls.
/// </summary>
public sealed partial class IntegrationTraitRulesTests
{
    [Fact]
    public void TestSources_WhenScanned_ShouldTagEveryTestNeedingAServerProcessBrowserOrSynthAsIntegration()
    {
        var types = SourceTree.Files("tests")
            .Where(f => !f.EndsWith(Path.Combine("Architecture", "IntegrationTraitRulesTests.cs"), StringComparison.Ordinal))
            .SelectMany(f => SourceTree.TopLevelTypes(SourceTree.Code(f)).Select(t => (File: SourceTree.Relative(f), Type: t)))
            .ToList();

        var untagged = UntaggedTests(types).ToList();

        Assert.True(untagged.Count == 0,
            "these tests need a server, a process, a browser or a CDK synth but lack [Trait(\"Category\", \"Integration\")]:\n  " + string.Join("\n  ", untagged));
    }

    [Theory]
    [InlineData("var host = await RunningHost.StartAsync();", false, true)]
    [InlineData("using var p = Process.Start(psi);", false, true)]
    [InlineData("var psi = new ProcessStartInfo(\"dotnet\");", false, true)]
    [InlineData("await using var factory = new WebApplicationFactory<Program>();", false, true)]
    [InlineData("var t = Template.FromStack(stack);", false, true)]
    [InlineData("var p = Playwright.CreateAsync();", false, true)]
    [InlineData("var p = Process.Start(psi);", true, false)]
    [InlineData("var plan = planner.Plan(alert);", false, false)]
    public void UntaggedTests_WhenATestUsesAMarkerDirectlyOrThroughAHelper_ShouldReportItUnlessTagged(string body, bool tagged, bool reported)
    {
        var support = """
            internal static class RunningHost
            {
                public static Task<object> StartAsync() => Task.FromResult<object>(new WebApplicationBuilder().UseKestrel());
            }
            """;
        var test = $$"""
            public sealed class SampleTests
            {
                [Fact]
                {{(tagged ? "[Trait(\"Category\", \"Integration\")]" : "")}}
                public async Task Run_WhenCalled_ShouldWork()
                {
                    await Helper();
                }

                private static async Task Helper()
                {
                    {{body}}
                }

                [Fact]
                public void Other_WhenCalled_ShouldNotBeReported() { }
            }
            """;
        var types = SourceTree.TopLevelTypes(support).Concat(SourceTree.TopLevelTypes(test)).Select(t => (File: "x.cs", Type: t)).ToList();

        var untagged = UntaggedTests(types).ToList();

        Assert.Equal(reported ? ["x.cs: SampleTests.Run_WhenCalled_ShouldWork"] : [], untagged);
    }

    private static IEnumerable<string> UntaggedTests(IReadOnlyList<(string File, TopLevelType Type)> types)
    {
        // Support types (no test in them) that reach a marker, directly or through another support type.
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var support = types.Where(t => !TestAttribute().IsMatch(t.Type.Text)).Select(t => t.Type).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var type in support.Where(t => !flagged.Contains(t.Name) && Uses(t.Text, flagged)))
            {
                changed |= flagged.Add(type.Name);
            }
        }

        foreach (var (file, type) in types.Where(t => TestAttribute().IsMatch(t.Type.Text) && !IntegrationTrait().IsMatch(t.Type.Attributes)))
        {
            var (header, members) = Members(type.Text);
            var marked = new HashSet<string>(StringComparer.Ordinal);
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var member in members.Where(m => !m.IsTest && !marked.Contains(m.Name) && (Uses(m.Text, flagged) || Calls(m.Text, m.Name, marked))))
                {
                    changed |= marked.Add(member.Name);
                }
            }
            // The type's own header (primary constructor, e.g. a SynthFixture), or its constructor, marks every test.
            var all = Uses(header, flagged) || marked.Contains(type.Name);
            foreach (var test in members.Where(m => m.IsTest && !IntegrationTrait().IsMatch(m.Attributes)))
            {
                if (all || Uses(test.Text, flagged) || Calls(test.Text, test.Name, marked))
                {
                    yield return $"{file}: {type.Name}.{test.Name}";
                }
            }
        }
    }

    private static bool Uses(string text, IReadOnlySet<string> flaggedTypes) =>
        Marker().IsMatch(text) || flaggedTypes.Any(name => Regex.IsMatch(text, $@"\b{name}\b", RegexOptions.CultureInvariant));

    private static bool Calls(string text, string self, IReadOnlySet<string> markedMembers) =>
        markedMembers.Any(name => name != self && Regex.IsMatch(text, $@"\b{name}\b", RegexOptions.CultureInvariant));

    /// <summary>A type's members, cut at the lines that open a member at one indentation level (4 spaces).</summary>
    private static (string Header, IReadOnlyList<Member> Members) Members(string typeText)
    {
        var starts = MemberStart().Matches(typeText);
        var header = starts.Count > 0 ? typeText[..starts[0].Index] : typeText;
        var members = new List<Member>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : typeText.Length;
            var text = typeText[starts[i].Index..end];
            var attributes = starts[i].Groups["attributes"].Value;
            var name = MemberName().Match(starts[i].Groups["declaration"].Value) is { Success: true } m ? m.Groups["name"].Value : "";
            members.Add(new Member(name, attributes, text, TestAttribute().IsMatch(attributes)));
        }
        return (header, members);
    }

    private sealed record Member(string Name, string Attributes, string Text, bool IsTest);

    // What makes a test Integration: a server, a real process (node, npx, bash, the CLI all start through
    // ProcessStartInfo/Process.Start), sshd, bubblewrap, a browser, a CDK synth.
    [GeneratedRegex(@"WebApplicationFactory|\bKestrel\b|UseKestrel|\bProcess\.Start\b|\bProcessStartInfo\b|""bwrap""|/usr/bin/bwrap|""sshd""|/usr/sbin/sshd|\bPlaywright\b|\bHttpListener\b|\bTcpListener\b|/usr/bin/chromium|\.Synth\(|Template\.FromStack|\bnew\s+App\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\[(?:Fact|Theory)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"\[Trait\(\s*""Category""\s*,\s*""Integration""\s*\)\]", RegexOptions.CultureInvariant)]
    private static partial Regex IntegrationTrait();

    [GeneratedRegex(@"^(?<attributes>(?: {4}\[[^\n]*\]\s*\n)*) {4}(?<declaration>(?:public|private|internal|protected|static|readonly|async|const|override|sealed|required|virtual|abstract|partial|unsafe|new|file|event)\b[^\n]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MemberStart();

    // The member's name: the identifier before its parameter list, or before `=`, `;` or `{` for fields/properties.
    [GeneratedRegex(@"(?<name>\w+)\s*(?:<[^>(]*>)?\s*(?:\(|=|;|\{|$)", RegexOptions.CultureInvariant)]
    private static partial Regex MemberName();
}
