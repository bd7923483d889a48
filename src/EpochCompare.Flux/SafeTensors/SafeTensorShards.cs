using System.Text.Json;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// A sharded safetensors set as Hugging Face saves it (<c>*-0000K-of-0000N.safetensors</c> + <c>*.safetensors.index.json</c>
/// with <c>weight_map</c>): the index read first, each shard's header checked against it (a shard missing, a key the
/// index places in a shard that lacks it, a key a shard holds that the index does not list: one line naming the file).
/// Only headers are read; tensors are read from their shard on request.
/// </summary>
public static class SafeTensorShards
{
    /// <summary>Opens every shard an index names and checks that index and shards agree key for key.</summary>
    public static List<SafeTensorsFile> Open(string indexPath)
    {
        string indexName = Path.GetFileName(indexPath);
        Dictionary<string, string> weightMap;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(indexPath));
            weightMap = document.RootElement.GetProperty("weight_map").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{indexName}: not a safetensors shard index ({ex.Message}).");
        }
        string folder = Path.GetDirectoryName(indexPath)!;
        var files = new List<SafeTensorsFile>();
        try
        {
            foreach (string shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                string shardPath = Path.Combine(folder, shard);
                if (shard.Length == 0 || shard.Contains("..", StringComparison.Ordinal) || !File.Exists(shardPath))
                {
                    throw new InvalidDataException($"{indexName}: shard '{shard}' named in the index is missing.");
                }
                files.Add(SafeTensorsFile.Open(shardPath));
            }
            var byName = files.ToDictionary(f => Path.GetFileName(f.Path), StringComparer.Ordinal);
            foreach ((string key, string shard) in weightMap)
            {
                if (!byName[shard].Contains(key))
                {
                    throw new InvalidDataException($"{shard}: has no tensor '{key}', which {indexName} places there.");
                }
            }
            foreach (SafeTensorsFile file in files)
            {
                string? unlisted = file.Names.FirstOrDefault(k => !weightMap.ContainsKey(k));
                if (unlisted is not null)
                {
                    throw new InvalidDataException($"{indexName}: no index entry for '{unlisted}' (in {Path.GetFileName(file.Path)}).");
                }
            }
            return files;
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }
}
