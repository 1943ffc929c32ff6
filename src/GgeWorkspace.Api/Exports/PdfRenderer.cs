using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace GgeWorkspace.Api.Exports;

/// <summary>Settings of the PDF rendering (section <c>Exports</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>LibreOffice's <c>soffice</c>: a path, or a name looked up on PATH.</summary>
    public string Soffice { get; set; } = "soffice";

    /// <summary>How long one conversion may take before it is stopped.</summary>
    public int PdfTimeoutSeconds { get; set; } = 120;

    /// <summary>At most this many conversions run at once; further requests wait their turn.</summary>
    public int MaxConcurrentPdfConversions { get; set; } = 2;
}

/// <summary>The server cannot do this because a program it needs is not installed (501).</summary>
public sealed class RendererUnavailableException(string message) : Exception(message);

/// <summary>
/// Renders a DOCX export as PDF with LibreOffice headless (<c>soffice --headless --convert-to pdf</c>), as a delegate's Word
/// or LibreOffice would print it. Each conversion runs in a folder of its own with its own LibreOffice profile (two
/// conversions never share one), within a time limit, at most <see cref="ExportOptions.MaxConcurrentPdfConversions"/> at once,
/// and its folder is deleted afterwards, whatever happened.
/// </summary>
public sealed class PdfRenderer(IOptions<ExportOptions> options, ILogger<PdfRenderer> logger) : IDisposable
{
    public const string ContentType = "application/pdf";

    public const string Install =
        "PDF export needs LibreOffice: install the Debian packages libreoffice-writer-nogui, fonts-liberation, fonts-noto-core and " +
        "fonts-noto-cjk, or set Exports:Soffice to the path of soffice.";

    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentPdfConversions));

    public async Task<byte[]> RenderAsync(byte[] docx, CancellationToken ct)
    {
        var soffice = Locate(options.Value.Soffice)
            ?? throw new RendererUnavailableException($"'{options.Value.Soffice}' was not found. {Install}");
        await _slots.WaitAsync(ct);
        var work = Directory.CreateTempSubdirectory("gge-pdf-");
        try
        {
            var input = Path.Combine(work.FullName, "export.docx");
            await File.WriteAllBytesAsync(input, docx, ct);
            var output = Path.Combine(work.FullName, "out");
            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work.FullName,
            };
            foreach (var argument in new[]
            {
                "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nofirststartwizard",
                $"-env:UserInstallation={new Uri(Path.Combine(work.FullName, "profile")).AbsoluteUri}",
                "--convert-to", "pdf", "--outdir", output, input,
            }) start.ArgumentList.Add(argument);

            using var process = Process.Start(start) ?? throw new RendererUnavailableException($"'{soffice}' could not be started. {Install}");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.PdfTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested) throw;
                throw new TimeoutException($"Rendering the PDF took longer than {options.Value.PdfTimeoutSeconds} s and was stopped.");
            }

            var pdf = Path.Combine(output, "export.pdf");
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                logger.LogError("soffice exited with {ExitCode} without a PDF: {Output} {Error}", process.ExitCode, await stdout, await stderr);
                throw new InvalidOperationException($"LibreOffice did not render the PDF (exit code {process.ExitCode}).");
            }
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            _slots.Release();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "The PDF work folder {Folder} could not be deleted.", work.FullName);
            }
        }
    }

    /// <summary>The program's full path: <paramref name="configured"/> itself when it names a file, else the first match on PATH.</summary>
    public static string? Locate(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)) return File.Exists(configured) ? configured : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, configured))
            .FirstOrDefault(File.Exists);
    }

    public void Dispose() => _slots.Dispose();
}
