using EpochCompare.Evaluation.Report;
using EpochCompare.Evaluation.Tests.Signals;
using Microsoft.Playwright;

namespace EpochCompare.Evaluation.Tests.Report;

/// <summary>
/// Opens the report in the system's headless Chromium (Debian package <c>chromium</c>) through
/// Playwright's bundled driver; no browser download.
/// </summary>
public class BrowserReportTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task ReportLoadsWithoutConsoleErrorsAndShowsTheVerdict()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install the Debian package 'chromium'.");
        string dir = Path.Combine(Path.GetTempPath(), "ec-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = HtmlReport.Write(SyntheticRun.Result.Value, Path.Combine(dir, HtmlReport.FileName));
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            });
            IPage page = await browser.NewPageAsync();
            var problems = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    problems.Add($"{message.Type}: {message.Text}");
                }
            };
            page.PageError += (_, error) => problems.Add($"page error: {error}");
            page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");

            await page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

            string verdict = await page.InnerTextAsync("#verdict .word");
            Assert.Equal("OVERFIT", verdict.Trim().ToUpperInvariant());
            Assert.True(await page.IsVisibleAsync("#verdict"));
            Assert.Contains("Refine between epoch 150 and 175", await page.InnerTextAsync("#verdict"));
            Assert.Equal(2 * SyntheticRun.Result.Value.Samples.Prompts.Count, await page.Locator("svg.chart").CountAsync());
            // Every embedded image decoded (naturalWidth > 0).
            int broken = await page.EvaluateAsync<int>("() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length");
            Assert.Equal(0, broken);
            Assert.Empty(problems);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
