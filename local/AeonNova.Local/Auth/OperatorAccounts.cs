using System.Security.Cryptography;
using System.Text;
using AeonNova.Local.Storage;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Auth;

/// <summary>viewer reads; operator also re-drives dead letters and cancels executions; admin also manages users and configuration.</summary>
public enum OperatorRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>A signed-in person. The email is what the approval policy knows them by.</summary>
public sealed record SignedInOperator(string Name, string Email, OperatorRole Role);

public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, string? SessionToken = null, SignedInOperator? Operator = null);

/// <summary>
/// Built-in operator accounts and their server-side sessions, in the host's SQLite file. A session cookie holds
/// 256 random bits; only their SHA-256 is stored, so a copy of the database signs nobody in, and signing out
/// ends the session for good (not just in the browser).
/// </summary>
public sealed class OperatorAccounts
{
    private readonly SqliteDatabase _database;
    private readonly PasswordHasher _hasher;
    private readonly TimeProvider _clock;
    private readonly string _dummyHash;

    public OperatorAccounts(SqliteDatabase database, TimeProvider clock, PasswordHasher? hasher = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        _database = database;
        _clock = clock;
        _hasher = hasher ?? new PasswordHasher();
        // Unknown names still pay one hash, so timing does not tell which names exist.
        _dummyHash = _hasher.Unmatchable();
        using var turn = _database.EnterWrite();
        using var connection = _database.Open();
        using var command = connection.Command("""
            CREATE TABLE IF NOT EXISTS operators(
              name TEXT PRIMARY KEY COLLATE NOCASE, email TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
              failed INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS operator_sessions(
              token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
              created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
            """);
        command.ExecuteNonQuery();
    }

    public long Count()
    {
        using var connection = _database.Open();
        using var command = connection.Command("SELECT count(*) FROM operators");
        return command.Scalar();
    }

    /// <summary>Adds a local account; throws <see cref="ArgumentException"/> with the reason when it cannot.</summary>
    public void Add(string name, string email, OperatorRole role, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw new ArgumentException("a user name is 1-64 letters, digits, '.', '-', '_' or '@'", nameof(name));
        }
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("an email address is required (it is how the approval policy names approvers)", nameof(email));
        }
        if (PasswordHasher.Weakness(password) is { } weakness)
        {
            throw new ArgumentException(weakness, nameof(password));
        }
        var hash = _hasher.Hash(password);
        using var turn = _database.EnterWrite();
        using var connection = _database.Open();
        using var command = connection.Command(
            "INSERT INTO operators(name, email, role, password_hash, created_at) VALUES ($name, $email, $role, $hash, $at) ON CONFLICT(name) DO NOTHING")
            .With("$name", name).With("$email", email.Trim()).With("$role", RoleName(role)).With("$hash", hash).With("$at", _clock.GetUtcNow().Ms());
        if (command.ExecuteNonQuery() == 0)
        {
            throw new ArgumentException($"a user named '{name}' already exists", nameof(name));
        }
    }

    /// <summary>Checks the password; <paramref name="maxFailures"/> wrong ones in a row lock the account for <paramref name="lockout"/>.</summary>
    public SignInResult SignIn(string name, string password, int maxFailures, TimeSpan lockout, TimeSpan sessionLifetime)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var now = _clock.GetUtcNow();
        string? stored = null, email = null, role = null;
        long lockedUntil = 0;
        using (var connection = _database.Open())
        using (var command = connection.Command("SELECT password_hash, email, role, locked_until FROM operators WHERE name = $name").With("$name", name))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                (stored, email, role, lockedUntil) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
            }
        }
        var matches = PasswordHasher.Verify(password, stored ?? _dummyHash) && stored is not null;
        if (stored is null)
        {
            return new SignInResult(SignInOutcome.WrongCredentials);
        }
        if (lockedUntil > now.Ms())
        {
            return new SignInResult(SignInOutcome.LockedOut);
        }
        using var turn = _database.EnterWrite();
        using var write = _database.Open();
        if (!matches)
        {
            using var fail = write.Command("""
                UPDATE operators SET
                  locked_until = CASE WHEN failed + 1 >= $max THEN $until ELSE locked_until END,
                  failed = CASE WHEN failed + 1 >= $max THEN 0 ELSE failed + 1 END
                WHERE name = $name
                """).With("$name", name).With("$max", maxFailures).With("$until", (now + lockout).Ms());
            fail.ExecuteNonQuery();
            return new SignInResult(SignInOutcome.WrongCredentials);
        }
        using (var reset = write.Command("UPDATE operators SET failed = 0 WHERE name = $name").With("$name", name))
        {
            reset.ExecuteNonQuery();
        }
        var signedIn = new SignedInOperator(name, email!, ParseRole(role!));
        return new SignInResult(SignInOutcome.SignedIn, CreateSession(write, signedIn, now, sessionLifetime), signedIn);
    }

    /// <summary>A session for someone an identity provider vouched for (OpenID Connect).</summary>
    public string StartSession(SignedInOperator signedIn, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        using var turn = _database.EnterWrite();
        using var connection = _database.Open();
        return CreateSession(connection, signedIn, _clock.GetUtcNow(), lifetime);
    }

    public SignedInOperator? FindSession(string? token)
    {
        if (token is not { Length: 43 })
        {
            return null;
        }
        using var connection = _database.Open();
        using var command = connection.Command("SELECT name, email, role FROM operator_sessions WHERE token_hash = $hash AND expires_at > $now")
            .With("$hash", HashToken(token)).With("$now", _clock.GetUtcNow().Ms());
        using var reader = command.ExecuteReader();
        return reader.Read() ? new SignedInOperator(reader.GetString(0), reader.GetString(1), ParseRole(reader.GetString(2))) : null;
    }

    public void EndSession(string? token)
    {
        if (token is null)
        {
            return;
        }
        using var turn = _database.EnterWrite();
        using var connection = _database.Open();
        using var command = connection.Command("DELETE FROM operator_sessions WHERE token_hash = $hash OR expires_at <= $now")
            .With("$hash", HashToken(token)).With("$now", _clock.GetUtcNow().Ms());
        command.ExecuteNonQuery();
    }

    public static string RoleName(OperatorRole role) => role.ToString().ToLowerInvariant();

    public static OperatorRole ParseRole(string text) => text.ToLowerInvariant() switch
    {
        "admin" => OperatorRole.Admin,
        "operator" => OperatorRole.Operator,
        "viewer" => OperatorRole.Viewer,
        _ => throw new ArgumentException($"'{text}' is not a role (admin, operator, viewer)", nameof(text)),
    };

    private static string CreateSession(SqliteConnection connection, SignedInOperator signedIn, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var command = connection.Command(
            "INSERT INTO operator_sessions(token_hash, name, email, role, created_at, expires_at) VALUES ($hash, $name, $email, $role, $now, $expires)")
            .With("$hash", HashToken(token)).With("$name", signedIn.Name).With("$email", signedIn.Email)
            .With("$role", RoleName(signedIn.Role)).With("$now", now.Ms()).With("$expires", (now + lifetime).Ms());
        command.ExecuteNonQuery();
        return token;
    }

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
