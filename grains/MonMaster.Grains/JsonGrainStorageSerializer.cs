using System.Text.Json;
using Orleans.Storage;

namespace MonMaster.Grains;

/// <summary>Stores grain state as <see cref="AdmissionJson"/>: a format we own, readable in PostgreSQL, stable across renames.</summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, AdmissionJson.Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, AdmissionJson.Options)
        ?? throw new JsonException($"Stored state of {typeof(T).Name} is null.");
}
