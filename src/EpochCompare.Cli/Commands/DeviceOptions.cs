using System.CommandLine;
using EpochCompare.Flux.Devices;

namespace EpochCompare.Cli.Commands;

/// <summary>The shared <c>--device</c> and <c>--dtype</c> options of train, sample, demo and bench.</summary>
internal sealed class DeviceOptions
{
    public Option<string> Device { get; } = new("--device") { Description = "Where models run: " + ComputeDevice.DeviceHelp, DefaultValueFactory = _ => "cpu" };

    public Option<string?> DType { get; } = new("--dtype") { Description = "Compute precision: " + ComputeDevice.DTypeHelp };

    public void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(DType);
    }

    /// <summary>The parsed device, checked to exist (CUDA without CUDA: one line, exit 1); a malformed value is a usage error.</summary>
    public ComputeDevice Read(ParseResult parseResult) => Read(parseResult, defaultDType: null);

    /// <param name="defaultDType">The dtype when --dtype is not given (null: the device's default).</param>
    public ComputeDevice Read(ParseResult parseResult, string? defaultDType)
    {
        ComputeDevice device;
        try
        {
            device = ComputeDevice.Parse(parseResult.GetValue(Device), parseResult.GetValue(DType) ?? defaultDType);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        device.Resolve();
        return device;
    }
}
