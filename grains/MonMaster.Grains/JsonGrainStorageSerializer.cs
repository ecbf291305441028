using System.Text.Json;
using MonMaster.Grains.State;
using Orleans.Storage;

namespace MonMaster.Grains;

/// <summary>Stores grain state as <see cref="AdmissionJson"/>: a format we own, readable in PostgreSQL, stable across renames.</summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => input is StoredJson stored
        ? new BinaryData(stored.Json ?? "null"u8.ToArray())
        : new BinaryData(JsonSerializer.SerializeToUtf8Bytes(input, AdmissionJson.Options));

    public T Deserialize<T>(BinaryData input)
    {
        if (typeof(T) == typeof(StoredJson)) return (T)(object)new StoredJson { Json = input.ToArray() };
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, AdmissionJson.Options)
            ?? throw new JsonException($"Stored state of {typeof(T).Name} is null.");
    }
}
