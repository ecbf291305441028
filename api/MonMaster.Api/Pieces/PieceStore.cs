using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;

namespace MonMaster.Api.Pieces;

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

/// <summary>Pieces in PostgreSQL (db/postgres/06-pieces.sql); a piece read back is checked against its checksum.</summary>
public sealed class PostgresPieceStore(string connectionString, string serviceId) : IPieceStore
{
    public async Task PutAsync(StoredPiece piece, byte[] content)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO candidate_pieces (serviceid, candidate, kind, file_name, media_type, size, sha256, content, uploaded_at)
            VALUES (@service, @candidate, @kind, @name, @type, @size, @sha, @content, @at)
            ON CONFLICT (serviceid, candidate, kind) DO UPDATE SET file_name = excluded.file_name, media_type = excluded.media_type,
                size = excluded.size, sha256 = excluded.sha256, content = excluded.content, uploaded_at = excluded.uploaded_at
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("candidate", piece.CandidateId);
        command.Parameters.AddWithValue("kind", piece.Kind);
        command.Parameters.AddWithValue("name", piece.FileName);
        command.Parameters.AddWithValue("type", piece.MediaType);
        command.Parameters.AddWithValue("size", piece.Size);
        command.Parameters.AddWithValue("sha", piece.Sha256);
        command.Parameters.AddWithValue("content", content);
        command.Parameters.AddWithValue("at", piece.UploadedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<StoredPiece>> ListAsync(string candidateId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT candidate, kind, file_name, media_type, size, sha256, uploaded_at FROM candidate_pieces
             WHERE serviceid = @service AND candidate = @candidate ORDER BY kind
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("candidate", candidateId);
        var pieces = new List<StoredPiece>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pieces.Add(Read(reader));
        return pieces;
    }

    public async Task<(StoredPiece Piece, byte[] Content)?> GetAsync(string candidateId, string kind)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT candidate, kind, file_name, media_type, size, sha256, uploaded_at, content FROM candidate_pieces
             WHERE serviceid = @service AND candidate = @candidate AND kind = @kind
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("candidate", candidateId);
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var piece = Read(reader);
        var content = (byte[])reader["content"];
        if (Convert.ToHexStringLower(SHA256.HashData(content)) != piece.Sha256)
            throw new InvalidDataException($"Piece {kind} of {candidateId} does not match its checksum.");
        return (piece, content);
    }

    private static StoredPiece Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5),
        new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero));
}
