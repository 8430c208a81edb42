using System.Data;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// <c>live_targets</c> and <c>live_operations</c> in PostgreSQL: written by each target's lease holder, read by every
/// other instance when a NOTIFY on <see cref="Channel"/> names the target (or all of them after a reconnect).
/// Snapshots travel through the tables, the notification carries only target names and versions: one idle NSX
/// operation is about 1.5 KB (0.6 KB of JSON, 0.85 KB of card details), so six changed targets would already pass
/// NOTIFY's 8,000 bytes.
/// </summary>
internal sealed class LiveStateTables(DataLocation location, IOptions<InstanceOptions> instance)
{
    public const string Channel = "brd_live";

    public string ConnectionString => location.ConnectionString ?? throw new InvalidOperationException("The live state is shared through PostgreSQL only.");

    /// <summary>
    /// Writes what the polls of several targets changed, in one transaction that also notifies, for the targets this
    /// instance still holds the lease of (locked FOR SHARE, so a takeover waits for the commit). A write for a target
    /// whose lease was lost meanwhile is dropped: the new holder's polls are newer. Returns the targets written.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<LiveTargetWrite> writes, CancellationToken cancellationToken)
    {
        var me = instance.Value.Id;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var held = new HashSet<string>(StringComparer.Ordinal);
        await using (var leases = Command(connection, """
            SELECT "Target" FROM target_leases WHERE "Owner" = $1 AND "ExpiresAt" > now() AND "Target" = ANY($2) FOR SHARE
            """, me, writes.Select(w => w.Target).ToArray()))
        await using (var reader = await leases.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                held.Add(reader.GetString(0));
            }
        }
        var mine = writes.Where(w => held.Contains(w.Target)).ToList();
        if (mine.Count == 0)
        {
            return [];
        }
        // Poll times alone (most writes of a quiet fleet) leave the operations' rows as they are.
        var withOperations = mine.Where(w => w.Operations is not null).ToList();
        if (withOperations.Count > 0)
        {
            await using var delete = Command(connection, """DELETE FROM live_operations WHERE "Target" = ANY($1) AND NOT ("OperationId" = ANY($2))""",
                withOperations.Select(w => w.Target).ToArray(), withOperations.SelectMany(w => w.Operations!).Select(e => e.Operation.Id).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var upserted = withOperations.SelectMany(w => w.Operations!).ToList();
        if (upserted.Count > 0)
        {
            var details = upserted.Select(e => LiveRows.DetailsOf(e.Operation)).ToList();
            await using var upsert = Command(connection, """
                INSERT INTO live_operations ("OperationId", "Target", "Json", "Fingerprint", "FinishedAt", "DetailsType", "Details")
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
                ON CONFLICT ("OperationId") DO UPDATE SET "Target" = excluded."Target", "Json" = excluded."Json", "Fingerprint" = excluded."Fingerprint",
                    "FinishedAt" = excluded."FinishedAt", "DetailsType" = excluded."DetailsType", "Details" = excluded."Details"
                """,
                upserted.Select(e => e.Operation.Id).ToArray(), upserted.Select(e => e.Operation.Target).ToArray(),
                upserted.Select(e => LiveRows.OperationJson(e.Operation)).ToArray(), upserted.Select(e => e.Fingerprint).ToArray(),
                upserted.Select(e => e.FinishedAt?.ToUnixTimeMilliseconds()).ToArray(),
                details.Select(d => d.Type).ToArray(), details.Select(d => d.Json).ToArray());
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        var healthOnly = mine.Where(w => w.Operations is null).Select(w => w.Target).ToHashSet(StringComparer.Ordinal);
        var versions = new List<LiveNotice>();
        await using (var bump = Command(connection, """
            INSERT INTO live_targets ("Target", "Version", "Writer", "Health") SELECT t, 1, $1, h FROM unnest($2::text[], $3::text[]) AS u(t, h)
            ON CONFLICT ("Target") DO UPDATE SET "Version" = live_targets."Version" + 1, "Writer" = excluded."Writer",
                "Health" = COALESCE(excluded."Health", live_targets."Health")
            RETURNING "Target", "Version"
            """, me, mine.Select(w => w.Target).ToArray(), mine.Select(w => w.Health is null ? null : LiveRows.HealthJson(w.Health)).ToArray()))
        await using (var reader = await bump.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var target = reader.GetString(0);
                versions.Add(new LiveNotice(target, reader.GetInt64(1), healthOnly.Contains(target)));
            }
        }
        foreach (var payload in LiveRows.Payloads(me, versions))
        {
            // Delivered at commit, to every listener, in commit order.
            await using var notify = Command(connection, $"SELECT pg_notify('{Channel}', $1)", payload);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return mine.Select(w => w.Target).ToList();
    }

    /// <summary>The shared state of <paramref name="targets"/>, or of every target (null), as of one moment.</summary>
    public async Task<IReadOnlyList<LiveTargetRead>> ReadAsync(IReadOnlyCollection<string>? targets, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Both tables from one snapshot: a target's version and its operations belong together.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var filter = targets is null ? "" : """ WHERE "Target" = ANY($1)""";
        object[] parameters = targets is null ? [] : [targets.ToArray()];
        var operations = new Dictionary<string, List<OperationEntry>>(StringComparer.Ordinal);
        await using (var command = Command(connection, $"""
            SELECT "Target", "Json", "Fingerprint", "FinishedAt", "DetailsType", "Details" FROM live_operations{filter}
            """, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = LiveRows.Entry(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
                if (entry is not null)
                {
                    var target = reader.GetString(0);
                    (operations.TryGetValue(target, out var list) ? list : operations[target] = []).Add(entry);
                }
            }
        }
        var read = new List<LiveTargetRead>();
        await using (var command = Command(connection, $"""SELECT "Target", "Version", "Writer", "Health" FROM live_targets{filter}""", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var target = reader.GetString(0);
                read.Add(new LiveTargetRead(target, reader.GetInt64(1), reader.GetString(2), LiveRows.Health(reader.IsDBNull(3) ? null : reader.GetString(3)),
                    operations.GetValueOrDefault(target) ?? []));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return read;
    }

    /// <summary>The shared health of <paramref name="targets"/> alone: what a write of poll times changed.</summary>
    public async Task<IReadOnlyList<(string Target, TargetHealth Health)>> ReadHealthAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, """SELECT "Target", "Health" FROM live_targets WHERE "Target" = ANY($1) AND "Health" IS NOT NULL""", (object)targets.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var read = new List<(string, TargetHealth)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (LiveRows.Health(reader.GetString(1)) is { } health)
            {
                read.Add((reader.GetString(0), health));
            }
        }
        return read;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }
}
