using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MonMaster.Pieces;

/// <summary>A piece of a candidate file as stored: what it is, and the SHA-256 of its bytes.</summary>
public sealed record StoredPiece(string CandidateId, string Kind, string FileName, string MediaType, int Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static StoredPiece Of(string candidateId, string kind, string fileName, string mediaType, byte[] content, DateTimeOffset at) =>
        new(candidateId, kind, fileName, mediaType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), at);
}

/// <summary>Where pieces are kept: PostgreSQL in a deployment, memory in a one-process run without a database.</summary>
public interface IPieceStore
{
    Task PutAsync(StoredPiece piece, byte[] content);
    Task<IReadOnlyList<StoredPiece>> ListAsync(string candidateId);
    Task<(StoredPiece Piece, byte[] Content)?> GetAsync(string candidateId, string kind);
}

public sealed class MemoryPieceStore : IPieceStore
{
    private readonly ConcurrentDictionary<(string, string), (StoredPiece, byte[])> pieces = new();

    public Task PutAsync(StoredPiece piece, byte[] content)
    {
        pieces[(piece.CandidateId, piece.Kind)] = (piece, content.ToArray());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredPiece>> ListAsync(string candidateId) =>
        Task.FromResult<IReadOnlyList<StoredPiece>>([.. pieces.Values.Select(p => p.Item1).Where(p => p.CandidateId == candidateId).OrderBy(p => p.Kind)]);

    public Task<(StoredPiece Piece, byte[] Content)?> GetAsync(string candidateId, string kind) =>
        Task.FromResult<(StoredPiece, byte[])?>(pieces.TryGetValue((candidateId, kind), out var found) ? found : null);
}

