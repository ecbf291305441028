using MonMaster.Pieces;
using MonMaster.Postgres;
using MonMaster.Tests.Admission;
using MonMaster.Tests.Infrastructure;
using Npgsql;

namespace MonMaster.Tests.Durability;

/// <summary>Pieces are kept in PostgreSQL with their checksum; a piece whose bytes changed underneath is not served.</summary>
[Collection("postgres")]
public sealed class PieceStoreTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_piece_survives_in_postgres_replaces_the_previous_one_and_is_checked_when_read()
    {
        var service = $"pieces-{Guid.NewGuid():N}";
        var store = new PostgresPieceStore(NpgsqlDataSource.Create(postgres.ConnectionString), service);
        var png = TestPieces.Real("releve-de-notes.png");
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        await store.PutAsync(StoredPiece.Of("C1", "transcript", "releve.png", "image/png", png, DateTimeOffset.UtcNow), png);
        await store.PutAsync(StoredPiece.Of("C1", "transcript", "releve.pdf", "application/pdf", pdf, DateTimeOffset.UtcNow), pdf);

        // Another store on the same database (another node, or after a restart) reads the latest upload.
        var again = new PostgresPieceStore(NpgsqlDataSource.Create(postgres.ConnectionString), service);
        var (piece, content) = (await again.GetAsync("C1", "transcript"))!.Value;
        Assert.Equal(("releve.pdf", "application/pdf", pdf.Length), (piece.FileName, piece.MediaType, piece.Size));
        Assert.Equal(pdf, content);
        Assert.Single(await again.ListAsync("C1"));
        Assert.Null(await again.GetAsync("C1", "cv"));
        Assert.Empty(await new PostgresPieceStore(NpgsqlDataSource.Create(postgres.ConnectionString), "another-service").ListAsync("C1"));

        await using (var db = new NpgsqlConnection(postgres.ConnectionString))
        {
            await db.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE candidate_pieces SET content = @bytes WHERE serviceid = @service", db);
            tamper.Parameters.AddWithValue("bytes", png);
            tamper.Parameters.AddWithValue("service", service);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }
        await Assert.ThrowsAsync<InvalidDataException>(() => again.GetAsync("C1", "transcript"));
    }
}
