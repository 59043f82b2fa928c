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

    [Fact]
    public async Task Stopped_and_started_again_it_answers_on_the_same_port_with_its_data_and_killed_too()
    {
        var connectionString = await server.CreateDatabaseAsync("mit_testing_restart");
        await Execute(connectionString, "create table kept (id int); insert into kept values (7)");

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(connectionString, "select 1"));
        await server.StartAgainAsync();
        Assert.Equal(7, await Execute(connectionString, "select id from kept"));

        await server.KillAsync();
        await server.StartAgainAsync();
        Assert.Equal(7, await Execute(connectionString, "select id from kept"));
    }

    private static async Task<int?> Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as int?;
    }
}
