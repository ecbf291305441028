using System.Security.Cryptography;
using MonMaster.Pieces;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>Pieces in PostgreSQL (Schema/06-pieces.sql); a piece read back is checked against its checksum.</summary>
public sealed class PostgresPieceStore(NpgsqlDataSource dataSource, string serviceId) : IPieceStore
{
    public async Task PutAsync(StoredPiece piece, byte[] content)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
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
        await using var connection = await dataSource.OpenConnectionAsync();
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
        await using var connection = await dataSource.OpenConnectionAsync();
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
