using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>Small helpers that keep the stores' SQL readable.</summary>
internal static class SqliteExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long Scalar(this SqliteCommand command) =>
        Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);

    public static long Ms(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
