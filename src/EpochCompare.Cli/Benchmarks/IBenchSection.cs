namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// One named part of <c>epochcompare bench</c>. A section measures a few things and reports each as a
/// JSON field with a stable key. New sections are one line in <see cref="BenchSections"/>.
/// </summary>
internal interface IBenchSection
{
    /// <summary>Short name, used by <c>--section</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Whether the section runs when no <c>--section</c> is given (model sections wait for <c>--model</c>).</summary>
    bool RunsByDefault(BenchSettings settings);

    void Run(BenchContext context);
}
