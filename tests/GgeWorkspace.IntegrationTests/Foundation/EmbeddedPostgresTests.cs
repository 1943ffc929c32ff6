using GgeWorkspace.Api.Infrastructure.Postgres;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.Foundation;

public sealed class EmbeddedPostgresTests
{
    private static EmbeddedPostgresOptions ServiceLike(string dir) => new()
    {
        DataDirectory = dir,
        BinDirectory = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
        Database = "gge_workspace",
    };

    [Fact]
    public async Task The_service_cluster_keeps_its_data_across_restarts_and_accepts_only_socket_connections_with_its_password()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"gge-service-cluster-{Guid.NewGuid():N}");
        try
        {
            await using (var first = await EmbeddedPostgres.StartAsync(ServiceLike(dir)))
            {
                var csb = new NpgsqlConnectionStringBuilder(first.ConnectionString);
                Assert.StartsWith(dir, csb.Host);
                Assert.False(string.IsNullOrEmpty(csb.Password));

                await using var conn = new NpgsqlConnection(first.ConnectionString);
                await conn.OpenAsync();
                await using var create = new NpgsqlCommand("create table kept (text text); insert into kept values ('تحقق 核查 ✅ e\u0301')", conn);
                await create.ExecuteNonQueryAsync();

                var noPassword = new NpgsqlConnectionStringBuilder(first.ConnectionString) { Password = null };
                await using var refused = new NpgsqlConnection(noPassword.ConnectionString);
                await Assert.ThrowsAnyAsync<Exception>(() => refused.OpenAsync());

                var overTcp = new NpgsqlConnectionStringBuilder(first.ConnectionString) { Host = "127.0.0.1", Timeout = 3 };
                await using var tcp = new NpgsqlConnection(overTcp.ConnectionString);
                await Assert.ThrowsAnyAsync<Exception>(() => tcp.OpenAsync());

                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "password")));
            }

            await using var second = await EmbeddedPostgres.StartAsync(ServiceLike(dir));
            await using var again = new NpgsqlConnection(second.ConnectionString);
            await again.OpenAsync();
            await using var read = new NpgsqlCommand("select text from kept", again);
            Assert.Equal("تحقق 核查 ✅ e\u0301", (string?)await read.ExecuteScalarAsync());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Without_server_binaries_the_service_fails_fast_saying_what_to_install_or_configure()
    {
        var error = Assert.Throws<EmbeddedPostgresUnavailableException>(() => EmbeddedPostgres.FindBinaries("/nonexistent/postgresql/bin"));
        Assert.Contains("EmbeddedPostgres:BinDirectory", error.Message);
    }
}
