namespace GgeWorkspace.UnitTests.Infrastructure;

/// <summary>How the source reads: a file a newcomer can hold in their head.</summary>
public sealed class SourceShapeTests
{
    [Fact]
    public void No_CSharp_file_of_the_product_is_over_400_lines()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();
        Assert.NotEmpty(files);
        var tooLong = files
            .Select(f => (File: Path.GetRelativePath(src, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 400)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        Assert.Empty(tooLong);
    }

    [Fact]
    public void No_script_of_the_web_client_is_over_400_lines()
    {
        var scripts = Path.Combine(RepositoryRoot(), "src", "GgeWorkspace.Api", "wwwroot", "js");
        var files = Directory.EnumerateFiles(scripts, "*.js", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var tooLong = files
            .Select(f => (File: Path.GetRelativePath(scripts, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 400)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        Assert.Empty(tooLong);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }
}
