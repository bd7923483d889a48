using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The base model of a run: a FLUX safetensors file as our tools write it (<see cref="FluxTinyBase"/>: transformer
/// keys as in BFL checkpoints, the tiny text encoder's keys beside them, the config in <c>__metadata__.config</c>),
/// or, without a file, a flux-tiny initialised from the seed (how the tiny base itself is pretrained).
/// </summary>
public static class BaseModelLoader
{
    public const string ConfigMetadataKey = FluxTinyBase.ConfigKey;

    public static FluxTinyBase Load(string? path, ulong seed, ComputeDevice compute, Action<string> warn)
    {
        if (path is not null)
        {
            return FluxTinyBase.Load(path, compute);
        }
        warn("no --base given: starting from a randomly initialised flux-tiny");
        return FluxTinyBase.CreateRandom(seed, compute);
    }
}
