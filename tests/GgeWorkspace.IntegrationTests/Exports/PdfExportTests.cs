using System.Diagnostics;
using System.Net;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Exports;

/// <summary>A host whose configured soffice does not exist, as on a server without LibreOffice.</summary>
public sealed class WithoutLibreOfficeFactory : GgeApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Exports:Soffice"] = "/nonexistent/libreoffice/soffice" };
}

public sealed class PdfExportTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_pdf_is_the_docx_as_LibreOffice_prints_it_with_the_running_header_and_page_numbers_on_every_page()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var draft = await chair.CreateReport("Report on verification");
        var section = await chair.AddSection(draft.Id, "Introduction");
        var first = await chair.AddParagraph(draft.Id, section, "The Group met in Geneva.");
        // Long enough for a second page.
        await chair.AddParagraph(draft.Id, section, string.Concat(Enumerable.Repeat("Verification builds confidence among States. ", 200)), first.Id);

        var response = await new DraftingApi(api.ClientFor("demo-secretariat"), groupId).Send(HttpMethod.Post,
            $"/drafts/{draft.Id}/exports/recipient-copies", new { delegation = "MEX", variant = "clean", format = "pdf" });
        if (!response.IsSuccessStatusCode) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        Assert.Equal(PdfRenderer.ContentType, response.Content.Headers.ContentType!.MediaType);
        var folder = Directory.CreateTempSubdirectory("gge-pdf-test-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "copy.pdf");
            await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());

            var pages = int.Parse((await Run("pdfinfo", pdf)).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim());
            Assert.True(pages >= 2, $"the long paragraph runs onto a second page, got {pages}");
            var firstPage = await Run("pdftotext", "-f", "1", "-l", "1", "-layout", pdf, "-");
            Assert.Contains("The Group met in Geneva.", firstPage, StringComparison.Ordinal);
            Assert.Contains("Distr.: Restricted", firstPage, StringComparison.Ordinal);
            var secondPage = await Run("pdftotext", "-f", "2", "-l", "2", "-layout", pdf, "-");
            Assert.Contains("GGE/NDV/2019/CRP.1", secondPage, StringComparison.Ordinal);
            Assert.Contains("Prepared for the delegation of Mexico", secondPage, StringComparison.Ordinal);
            Assert.Equal("2", secondPage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.Length > 0 && l != "\f"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}

public sealed class PdfWithoutLibreOfficeTests(WithoutLibreOfficeFactory api) : IClassFixture<WithoutLibreOfficeFactory>
{
    [Fact]
    public async Task Without_LibreOffice_a_pdf_export_is_501_saying_what_to_install_and_other_formats_still_export()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var draft = await chair.CreateReport();
        await chair.AddParagraph(draft.Id, await chair.AddSection(draft.Id, "Introduction"), "The Group met in Geneva.");

        var pdf = await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draft.Id}/export?format=pdf");
        var docx = await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draft.Id}/export?format=docx");

        Assert.Equal(HttpStatusCode.NotImplemented, pdf.StatusCode);
        var problem = await DraftingApi.Problem(pdf);
        Assert.Equal("tag:gge-workspace,2026:problem:renderer-unavailable", problem.GetProperty("type").GetString());
        Assert.Contains("libreoffice-writer-nogui", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
    }
}
