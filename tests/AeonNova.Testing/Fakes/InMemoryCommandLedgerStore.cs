using AeonNova.Core.Ports;

namespace AeonNova.Testing;

/// <summary>
/// The SendCommand ledger in memory with the adapters' conditional semantics (insert if absent, claim only from the
/// attempt count read, first command id wins). <see cref="OnWrite"/> lets a test see each write as it happens.
/// </summary>
public sealed class InMemoryCommandLedgerStore : ICommandLedgerStore
{
    private readonly Dictionary<string, CommandLedgerEntry> _rows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Called after every successful write with the row as written.</summary>
    public Action<CommandLedgerEntry>? OnWrite { get; set; }

    /// <summary>Makes the next <see cref="RecordCommandAsync"/> calls throw (the ledger write after a send failed).</summary>
    public int FailNextRecords { get; set; }

    public IReadOnlyList<CommandLedgerEntry> Rows
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows.Values];
            }
        }
    }

    public Task<CommandLedgerEntry> ReserveAsync(CommandLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (_rows.TryGetValue(entry.Key, out var existing))
            {
                return Task.FromResult(existing);
            }
            var row = entry with { Attempts = 0, CommandId = null, LeaseUntil = default };
            _rows[entry.Key] = row;
            OnWrite?.Invoke(row);
            return Task.FromResult(row);
        }
    }

    public Task<bool> TryClaimAttemptAsync(string key, int expectedAttempts, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var row) || row.Attempts != expectedAttempts || row.CommandId is not null)
            {
                return Task.FromResult(false);
            }
            var claimed = row with { Attempts = expectedAttempts + 1, LeaseUntil = leaseUntil };
            _rows[key] = claimed;
            OnWrite?.Invoke(claimed);
            return Task.FromResult(true);
        }
    }

    public Task<CommandLedgerEntry> RecordCommandAsync(string key, string commandId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (FailNextRecords > 0)
            {
                FailNextRecords--;
                throw new InvalidOperationException("ledger unavailable (test)");
            }
            var row = _rows[key];
            if (row.CommandId is null)
            {
                row = row with { CommandId = commandId };
                _rows[key] = row;
                OnWrite?.Invoke(row);
            }
            return Task.FromResult(row);
        }
    }

    public Task<CommandLedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(key));
        }
    }
}
