using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Imaging.Tests.Samples;

public sealed class CheckpointNameTests
{
    [Theory]
    [InlineData("ohwx-000025.safetensors", "ohwx", ColumnKind.Epoch, 25)]             // kohya epoch save
    [InlineData("my-lora-v2-000003.safetensors", "my-lora-v2", ColumnKind.Epoch, 3)]
    [InlineData("ohwx-step00000500.safetensors", "ohwx", ColumnKind.Step, 500)]       // kohya step save
    [InlineData("ohwx_000000500.safetensors", "ohwx", ColumnKind.Step, 500)]          // ai-toolkit
    [InlineData("ohwx_LoRA_000001250.safetensors", "ohwx_LoRA", ColumnKind.Step, 1250)]
    [InlineData("2024-11-30_12-00-00-save-1500-3-0.safetensors", "save", ColumnKind.Step, 1500)] // OneTrainer
    [InlineData("loras/flux/ohwx-000010.safetensors", "ohwx", ColumnKind.Epoch, 10)]  // ComfyUI's lora_name with a subfolder
    [InlineData("flux\\ohwx-000010", "ohwx", ColumnKind.Epoch, 10)]
    public void TrainersNamesGiveEpochOrStep(string file, string baseName, ColumnKind kind, int value) =>
        Assert.Equal(new CheckpointName(baseName, kind, value), CheckpointName.Parse(file));

    [Theory]
    [InlineData("ohwx.safetensors", "ohwx")]
    [InlineData("ohwx-v1.safetensors", "ohwx-v1")]
    [InlineData("pytorch_lora_weights.safetensors", "pytorch_lora_weights")]
    public void TheLastSaveHasNoNumber(string file, string baseName) =>
        Assert.Equal(new CheckpointName(baseName, null, 0), CheckpointName.Parse(file));
}
