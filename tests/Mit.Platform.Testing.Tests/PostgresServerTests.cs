using Npgsql;
using Xunit;

namespace Mit.Platform.Testing.Tests;

public sealed class PostgresServerTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Creates_a_database_and_answers_select_1()
    {
        var connectionString = await server.CreateDatabaseAsync("mit_testing_probe");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("mit_testing_probe", reader.GetString(1));
        Assert.Equal(server.ConnectionString("mit_testing_probe"), connectionString);
    }
}
