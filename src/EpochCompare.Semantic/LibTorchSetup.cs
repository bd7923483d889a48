using System.Runtime.CompilerServices;
using EpochCompare.Flux.Devices;

namespace EpochCompare.Semantic;

/// <summary>Applies <see cref="LibTorchRuntime"/>'s settings before this assembly's first LibTorch call.</summary>
internal static class LibTorchSetup
{
#pragma warning disable CA2255 // a library's module initializer is the point
    [ModuleInitializer]
    internal static void Initialize() => LibTorchRuntime.Configure();
#pragma warning restore CA2255
}
