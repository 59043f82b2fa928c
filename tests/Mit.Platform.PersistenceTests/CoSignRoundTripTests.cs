using System.Data.Common;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.AdviceRequests.Api;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Data.Migrations;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Testing;
using Xunit.Abstractions;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// What a co-sign costs the store, on a real PostgreSQL: the commands sent and the commits, counted by an EF
/// interceptor around the service's own API class. The release, its outbox row and the stored answer are one transaction.
/// </summary>
public sealed class CoSignRoundTripTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_co_sign_is_one_transaction_with_its_outbox_row_in_three_commands()
    {
        var counter = new RoundTrips();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Postgres",
            ["ConnectionStrings:AdviceRequests"] = await server.CreateDatabaseAsync($"cosign_{Guid.NewGuid():n}"),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPlatformDbContext<AdviceRequestsDbContext, PostgresAdviceRequestsDbContext, SqliteAdviceRequestsDbContext>("AdviceRequests");
        builder.Services.ConfigureDbContext<PostgresAdviceRequestsDbContext>(o => o.AddInterceptors(counter));
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdviceRequestsDbContext>().MigrateSchemaAsync(default);
        }

        V1.AdviceRequest draft;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var api = new AdviceRequestsApi(scope.ServiceProvider.GetRequiredService<AdviceRequestsDbContext>(), TimeProvider.System);
            draft = await api.DraftRequest(new V1.DraftRequestRequest { IdempotencyKey = "draft-1", Content = Content(), CoSigningMinistry = V1.Ministry.Vws }, Call("szw-requester", "SZW"));
        }
        // Warm: EF compiles its queries on first use; the steady state is what every later co-sign pays.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var api = new AdviceRequestsApi(scope.ServiceProvider.GetRequiredService<AdviceRequestsDbContext>(), TimeProvider.System);
            var other = await api.DraftRequest(new V1.DraftRequestRequest { IdempotencyKey = "draft-2", Content = Content(), CoSigningMinistry = V1.Ministry.Vws }, Call("szw-requester", "SZW"));
            await api.CoSign(CoSign(other, "warm"), Call("vws-requester", "VWS"));
        }

        counter.Clear();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var api = new AdviceRequestsApi(scope.ServiceProvider.GetRequiredService<AdviceRequestsDbContext>(), TimeProvider.System);
            var released = await api.CoSign(CoSign(draft, "co-sign"), Call("vws-requester", "VWS"));
            Assert.Equal(V1.RequestState.Released, released.State);
        }
        foreach (var trip in counter.Trips)
        {
            output.WriteLine(trip);
        }

        // The idempotency check, the request, then one batch (request, outbox row, answer): on PostgreSQL one batch is
        // one implicit transaction, so EF sends no BEGIN/COMMIT of its own.
        Assert.Equal(3, counter.Trips.Count(t => t != "COMMIT"));
        Assert.True(counter.Trips.Count(t => t == "COMMIT") <= 1);
        var save = Assert.Single(counter.Trips, t => t.Contains("INSERT INTO outbox_messages", StringComparison.Ordinal));
        Assert.Contains("UPDATE joint_requests", save, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO idempotency_records", save, StringComparison.Ordinal);
    }

    private static V1.RequestContent Content() => new()
    {
        Title = "Measures for travellers",
        Question = "Which measures are proportionate?",
        Urgency = V1.Urgency.Urgent,
        Measures = { new V1.ProposedMeasure { Name = "Pre-departure test" } },
    };

    private static V1.CoSignRequest CoSign(V1.AdviceRequest draft, string key) =>
        new() { IdempotencyKey = key, RequestId = draft.Id, Version = (draft.Pending ?? draft.Current).Number, Digest = (draft.Pending ?? draft.Current).Digest };

    private static TestCall Call(string subject, string organisation) => new(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(PlatformClaims.Subject, subject), new Claim(PlatformClaims.Role, PlatformRoles.Requester), new Claim(PlatformClaims.Organisation, organisation)], "test")));

    /// <summary>Every command sent to the store, and every commit.</summary>
    private sealed class RoundTrips : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly List<string> _trips = [];

        public IReadOnlyList<string> Trips
        {
            get
            {
                lock (_trips)
                {
                    return [.. _trips];
                }
            }
        }

        public void Clear()
        {
            lock (_trips)
            {
                _trips.Clear();
            }
        }

        private void Add(string trip)
        {
            lock (_trips)
            {
                _trips.Add(trip);
            }
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText);
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Add("COMMIT");
            return Task.CompletedTask;
        }
    }

    /// <summary>A gRPC call context carrying an authenticated user, as the service's authentication leaves it.</summary>
    private sealed class TestCall(ClaimsPrincipal user) : ServerCallContext
    {
        private readonly Dictionary<object, object> _state = new() { ["__HttpContext"] = new DefaultHttpContext { User = user } };

        protected override IDictionary<object, object> UserStateCore => _state;
        protected override string MethodCore => "test";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "test";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
