using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Audit before serve, the hash chain against tampering, encryption at rest and watermarks, on the running platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BriefingsAuditTests(PlatformFixture platform)
{
    private readonly BriefingsDriver _b = new(platform);

    private async Task<T> Db<T>(Func<BriefingsDbContext, Task<T>> work)
    {
        await using var scope = platform.Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BriefingsDbContext>());
    }

    private Task<VerifyAuditLogResponse> Verify() => _b.As("auditor").VerifyAuditLogAsync(new VerifyAuditLogRequest()).ResponseAsync;

    [Fact]
    public async Task Every_read_is_on_record_before_its_answer_arrives_and_its_watermark_traces_to_the_reader()
    {
        var request = await _b.ReleasedAsync();
        var briefing = await _b.AddAsync(request.Id);
        const int reads = 5;
        var watermarks = new List<string>();
        for (var i = 0; i < reads; i++)
        {
            var (status, text, watermark) = await _b.ReadAsync("omt-member", briefing.BriefingId);
            Assert.Equal(StatusCode.OK, status);
            Assert.Contains($"Watermark {watermark}", text, StringComparison.Ordinal);
            Assert.Contains("demo-omt-member", text, StringComparison.Ordinal);
            // Right after the answer, no waiting: the record was written before it.
            var records = (await _b.As("omt-chair").ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = request.Id, PageSize = 1000 })).Records;
            Assert.Contains(records, r => r.WatermarkId == watermark && r.Actor == "demo-omt-member" && r.Outcome == "allowed");
            watermarks.Add(watermark!);
        }
        var denied = await _b.ReadAsync("mit-member", briefing.BriefingId);
        Assert.Equal(StatusCode.PermissionDenied, denied.Status);
        var all = (await _b.As("vws-minister").ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = request.Id, PageSize = 1000 })).Records;
        Assert.Equal(reads, all.Count(r => r.Action == "read" && r.Outcome == "allowed"));
        Assert.Single(all, r => r.Action == "read" && r.Outcome == "denied" && r.Actor == "demo-mit-member");

        var trace = await _b.As("auditor").TraceWatermarkAsync(new TraceWatermarkRequest { WatermarkId = watermarks[2] });
        Assert.Equal("demo-omt-member", trace.Recipient);
        Assert.Equal(briefing.BriefingId, trace.BriefingId);
        Assert.NotNull(trace.DeliveredAt);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _b.As("mit-chair").TraceWatermarkAsync(new TraceWatermarkRequest { WatermarkId = watermarks[2] }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        await AssertIntact();
    }

    [Fact]
    public async Task Changing_deleting_reordering_or_inserting_a_stored_record_is_detected()
    {
        var request = await _b.ReleasedAsync();
        var briefing = await _b.AddAsync(request.Id);
        for (var i = 0; i < 4; i++)
        {
            await _b.ReadAsync("omt-member", briefing.BriefingId);
        }
        var intact = await Verify();
        Assert.True(intact.Intact, intact.Problem);
        var k = intact.RecordsChecked - 2;

        // Change one field of one record.
        var original = await Db(db => db.AuditRecords.AsNoTracking().SingleAsync(r => r.Sequence == k));
        await Db(db => db.AuditRecords.Where(r => r.Sequence == k).ExecuteUpdateAsync(u => u.SetProperty(r => r.Actor, "someone-else")));
        Assert.Equal(k, (await Verify()).FirstBrokenSequence);
        await Db(db => db.AuditRecords.Where(r => r.Sequence == k).ExecuteUpdateAsync(u => u.SetProperty(r => r.Actor, original.Actor)));
        await AssertIntact();

        // Delete one record.
        await Db(db => db.AuditRecords.Where(r => r.Sequence == k).ExecuteDeleteAsync());
        Assert.Equal(k, (await Verify()).FirstBrokenSequence);
        await Db(async db => { db.AuditRecords.Add(original); return await db.SaveChangesAsync(); });
        await AssertIntact();

        // Swap two records' contents (reorder).
        var next = await Db(db => db.AuditRecords.AsNoTracking().SingleAsync(r => r.Sequence == k + 1));
        await Overwrite(original, next);
        await Overwrite(next, original);
        Assert.Equal(k, (await Verify()).FirstBrokenSequence);
        await Overwrite(original, original);
        await Overwrite(next, next);
        await AssertIntact();

        // Append a well-formed record behind the service's back (its hash chained to the last one).
        var last = await Db(db => db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence).FirstAsync());
        var forged = new AuditEntry(last.Sequence + 1, DateTimeOffset.UtcNow.UtcTicks, "demo-mit-member", "mit-member", "read", request.Id, briefing.BriefingId, "allowed", "", "wm-forged");
        await Db(async db =>
        {
            db.AuditRecords.Add(new AuditRecordRow
            {
                Sequence = forged.Sequence, AtTicks = forged.AtUtcTicks, Actor = forged.Actor, ActorRoles = forged.ActorRoles, Action = forged.Action,
                RequestId = forged.RequestId, BriefingId = forged.BriefingId, Outcome = forged.Outcome, Detail = forged.Detail, WatermarkId = forged.WatermarkId,
                PreviousHash = last.Hash, Hash = AuditChain.Hash(last.Hash, forged),
            });
            return await db.SaveChangesAsync();
        });
        var inserted = await Verify();
        Assert.False(inserted.Intact);
        Assert.Equal(forged.Sequence, inserted.FirstBrokenSequence);
        await Db(db => db.AuditRecords.Where(r => r.Sequence == forged.Sequence).ExecuteDeleteAsync());
        await AssertIntact();
    }

    private async Task AssertIntact()
    {
        var verdict = await Verify();
        Assert.True(verdict.Intact, $"broken at {verdict.FirstBrokenSequence}: {verdict.Problem}");
    }

    /// <summary>Writes the fields of one record into the row of another (its sequence stays).</summary>
    private Task Overwrite(AuditRecordRow into, AuditRecordRow from) => Db(db => db.AuditRecords.Where(r => r.Sequence == into.Sequence).ExecuteUpdateAsync(u => u
        .SetProperty(r => r.AtTicks, from.AtTicks).SetProperty(r => r.Actor, from.Actor).SetProperty(r => r.ActorRoles, from.ActorRoles)
        .SetProperty(r => r.Action, from.Action).SetProperty(r => r.RequestId, from.RequestId).SetProperty(r => r.BriefingId, from.BriefingId)
        .SetProperty(r => r.Outcome, from.Outcome).SetProperty(r => r.Detail, from.Detail).SetProperty(r => r.WatermarkId, from.WatermarkId)
        .SetProperty(r => r.PreviousHash, from.PreviousHash).SetProperty(r => r.Hash, from.Hash)));

    [Fact]
    public async Task With_the_audit_store_unavailable_no_briefing_is_served()
    {
        var request = await _b.ReleasedAsync();
        var briefing = await _b.AddAsync(request.Id);
        Assert.Equal(StatusCode.OK, (await _b.ReadAsync("omt-member", briefing.BriefingId)).Status);
        await Db(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_records RENAME TO audit_records_away"));
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var (status, text, watermark) = await _b.ReadAsync("omt-member", briefing.BriefingId);
                Assert.Equal(StatusCode.Unavailable, status);
                Assert.Null(text);
                Assert.Null(watermark);
            }
        }
        finally
        {
            await Db(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_records_away RENAME TO audit_records"));
        }
        Assert.Equal(StatusCode.OK, (await _b.ReadAsync("omt-member", briefing.BriefingId)).Status);
        await AssertIntact();
    }

    [Fact]
    public async Task Stored_content_is_encrypted_and_a_wrong_master_key_fails_closed()
    {
        var secret = "Unique confidential sentence " + Guid.NewGuid().ToString("N");
        var request = await _b.ReleasedAsync();
        var briefing = await _b.AddAsync(request.Id, secret);
        var id = Guid.Parse(briefing.BriefingId);
        var stored = await Db(db => db.Contents.AsNoTracking().SingleAsync(c => c.BriefingId == id));
        var plain = Encoding.UTF8.GetBytes(secret);
        Assert.Equal(-1, stored.Ciphertext.AsSpan().IndexOf(plain));
        // Nor anywhere in the database files (journal included).
        foreach (var file in Directory.GetFiles(platform.Host.DataDirectory, "briefings.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(-1, copy.ToArray().AsSpan().IndexOf(plain));
        }
        Assert.Contains(secret, (await _b.ReadAsync("omt-member", briefing.BriefingId)).Text, StringComparison.Ordinal);

        // The same briefing as if sealed under another master key: nothing is served.
        var other = new BriefingCipher(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Seal(id, plain);
        await Db(db => db.Contents.Where(c => c.BriefingId == id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.WrappedKey, other.WrappedKey).SetProperty(c => c.Ciphertext, other.Ciphertext).SetProperty(c => c.MasterKeyId, other.MasterKeyId)));
        var (status, text, _) = await _b.ReadAsync("omt-member", briefing.BriefingId);
        Assert.Equal(StatusCode.Unavailable, status);
        Assert.Null(text);
        var records = (await _b.As("auditor").ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = request.Id, PageSize = 1000 })).Records;
        Assert.Equal("failed", records.Last().Outcome);
    }

    [Fact]
    public async Task A_large_file_is_uploaded_and_read_in_chunks_unchanged()
    {
        var request = await _b.ReleasedAsync();
        var file = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024 + 123);
        using var upload = _b.As("omt-chair").UploadBriefing();
        await upload.RequestStream.WriteAsync(new UploadBriefingChunk
        {
            Header = new AddBriefingRequest { IdempotencyKey = Requests.Key(), Header = new BriefingHeader { RequestId = request.Id, Title = "Model output", MediaType = "application/octet-stream" } },
        });
        for (var offset = 0; offset < file.Length; offset += 64 * 1024)
        {
            await upload.RequestStream.WriteAsync(new UploadBriefingChunk { Data = ByteString.CopyFrom(file, offset, Math.Min(64 * 1024, file.Length - offset)) });
        }
        await upload.RequestStream.CompleteAsync();
        var info = await upload.ResponseAsync;
        Assert.Equal(file.Length, info.SizeBytes);

        using var read = _b.As("omt-secretary").ReadBriefing(new ReadBriefingRequest { BriefingId = info.BriefingId });
        var received = new MemoryStream();
        var chunks = 0;
        await foreach (var chunk in read.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(received.Length, chunk.Offset);
            chunk.Data.WriteTo(received);
            chunks++;
        }
        Assert.True(chunks > 1);
        Assert.Equal(file, received.ToArray());
    }

    [Fact]
    public async Task Production_without_a_briefings_master_key_does_not_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-briefings-nokey-" + Guid.NewGuid().ToString("n"));
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Mit.Platform.AllInOne.AllInOneHost.StartAsync([], new Dictionary<string, string?>
            {
                ["Environment"] = "Production",
                ["AllInOne:DataDirectory"] = folder,
                ["Gateway:Port"] = "0",
                ["Gateway:WebPort"] = "0",
                ["Identity:SigningKeys:0"] = platform.SigningKey.ExportPkcs8PrivateKeyPem(),
                ["Identity:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            Assert.Contains("Briefings:MasterKey", e.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "briefings-master.key")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
