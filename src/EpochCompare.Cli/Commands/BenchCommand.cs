using System.CommandLine;
using EpochCompare.Cli.Benchmarks;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare bench</c>: speed of the models, sampler, grids, decoders and semantic encoders (model sections when one is asked
/// for). Every measured item warms up for at least 1 s. <c>--json</c> prints one object with stable keys.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var quick = new Option<bool>("--quick") { Description = "Smoke run: no warm-up, one call per item (numbers are not meaningful)" };
        var threads = new Option<int>("--threads")
        {
            Description = "Worker threads for the multithreaded measurements",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var sections = new Option<string[]>("--section")
        {
            Description = $"Run only these sections: {string.Join(", ", BenchSections.All.Select(s => s.Name))}",
            AllowMultipleArgumentsPerToken = true,
        };
        var model = new Option<string?>("--model") { Description = "Model preset for model-level sections (e.g. flux-tiny)" };

        var deviceOptions = new DeviceOptions();

        var command = new Command("bench", "Measure model, sampler, grid, decode and semantic speed (Release build)") { json, quick, threads, sections, model };
        deviceOptions.AddTo(command);
        command.SetAction(parseResult =>
        {
            int threadCount = parseResult.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1, got {threadCount}.");
            }
            var settings = new BenchSettings(parseResult.GetValue(quick), threadCount, parseResult.GetValue(model), deviceOptions.Read(parseResult));
            IReadOnlyList<IBenchSection> chosen = Choose(parseResult.GetValue(sections), settings);
            bool asJson = parseResult.GetValue(json);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            var context = new BenchContext(settings, output, asJson);

            // What the CPU offers (LibTorch picks its kernels from it): machines differ, so it goes into every report.
            string simd = Avx512F.IsSupported ? "AVX512" : Avx2.IsSupported ? "AVX2" : Vector128.IsHardwareAccelerated ? "SSE/NEON" : "scalar";
            context.Say($"bench: {Environment.ProcessorCount} cores, {threadCount} threads, SIMD {simd}, models on {settings.Device.Name} in {settings.Device.DTypeName}{(settings.Quick ? ", quick (numbers not meaningful)" : ", 1 s warm-up per item")}");
            foreach (IBenchSection section in chosen)
            {
                context.Say($"[{section.Name}] {section.Description}");
                section.Run(context);
            }
            if (asJson)
            {
                context.WriteJson(chosen.Select(s => s.Name), simd);
            }
            return CliApp.ExitOk;
        });
        return command;
    }

    private static IReadOnlyList<IBenchSection> Choose(string[]? names, BenchSettings settings)
    {
        if (names is null || names.Length == 0)
        {
            return BenchSections.All.Where(s => s.RunsByDefault(settings)).ToList();
        }
        var chosen = new List<IBenchSection>();
        foreach (string name in names)
        {
            IBenchSection section = BenchSections.All.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"bench: unknown section '{name}' (known: {string.Join(", ", BenchSections.All.Select(s => s.Name))}).");
            if (!chosen.Contains(section))
            {
                chosen.Add(section);
            }
        }
        return chosen;
    }
}
