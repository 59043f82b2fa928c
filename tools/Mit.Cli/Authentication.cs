using System.Globalization;

namespace Mit.Cli;

/// <summary>
/// Who a command calls as: --token TOKEN as given; --as NAME, a demo user signed in with the password grant; or else
/// the session stored by `mit login`, renewed with its refresh token.
/// </summary>
internal static class Authentication
{
    /// <summary>
    /// The password of every demo persona, which the identity service seeds only in the Development environment
    /// (DemoPersonas.Password in services/Identity/Domain/DemoPersonas.cs). Not a secret: outside Development there
    /// are no demo users and the password grant is refused.
    /// </summary>
    public const string DemoPassword = "demo-only-password";

    public const string PasswordVariable = "MIT_PASSWORD";

    /// <summary>A token this close to its end is renewed first, so that it does not expire on the way.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    private static string NoSession => $"""
        Not signed in: there is no stored session ({SessionStore.FilePath}). Either
          - sign in through the browser: mit login
          - call as a demo user (Development only): --as NAME, e.g. --as szw-requester
          - or pass a token you already have: --token TOKEN
        """;

    /// <summary>
    /// Gives the token for the next call. Evaluated per call (and by watch on every reconnect): a token near its end is
    /// replaced, so a long-running command outlives the 15-minute access token lifetime.
    /// </summary>
    public static Func<Task<string>> TokenSource(Options options, CancellationToken ct)
    {
        var token = options.Value("token");
        var user = UserName(options);
        var password = options.Value("password");
        if (token is not null && user is not null)
        {
            throw new UsageException("Give --as NAME or --token TOKEN, not both.");
        }
        if (password is not null && user is null)
        {
            throw new UsageException("--password goes with --as NAME.");
        }
        if (token is not null)
        {
            return () => Task.FromResult(token);
        }
        if (user is not null)
        {
            password ??= NonEmpty(Environment.GetEnvironmentVariable(PasswordVariable)) ?? DemoPassword;
            return DemoUser(IdentityClient.AddressFrom(options), user, password, ct);
        }
        return StoredSession(ct);
    }

    /// <summary>`mit login`: the device authorization flow (RFC 8628); the tokens are stored as the session.</summary>
    public static async Task<int> LoginAsync(Options options, CancellationToken ct)
    {
        if (options.Value("as") is not null || options.Value("token") is not null || options.Value("password") is not null)
        {
            throw new UsageException("`mit login` signs you in through the browser; --as, --password and --token do not apply to it.");
        }
        using var client = new IdentityClient(IdentityClient.AddressFrom(options));
        var device = await client.StartDeviceAsync(ct);
        var deadline = DateTimeOffset.UtcNow + device.ExpiresIn;
        Console.WriteLine($"""
            To sign in, open this address in a browser:
              {device.VerificationUriComplete ?? device.VerificationUri}
            and confirm the code: {device.UserCode}
            Waiting for it to be allowed (the code expires in {Math.Ceiling(device.ExpiresIn.TotalMinutes)} min; Ctrl+C to stop)...
            """);
        var interval = device.Interval;
        string? lastProblem = null;
        while (true)
        {
            await Task.Delay(interval, ct);
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new CliException("The code expired before it was confirmed; run `mit login` again.");
            }
            Tokens? tokens;
            IdentityError? error;
            try
            {
                (tokens, error) = await client.PollDeviceAsync(device.DeviceCode, ct);
            }
            catch (IdentityUnreachableException e)
            {
                // A restart of the platform while waiting: keep polling until the code expires.
                if (e.Message != lastProblem)
                {
                    await Console.Error.WriteLineAsync($"{e.Message} Still trying.");
                    lastProblem = e.Message;
                }
                continue;
            }
            if (tokens is not null)
            {
                SessionStore.Save(new Session(client.Address.AbsoluteUri, tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt));
                Console.WriteLine($"Signed in. Session stored in {SessionStore.FilePath}.");
                Console.WriteLine(tokens.RefreshToken is null
                    ? $"No refresh token was issued: the session ends at {Time(tokens.ExpiresAt)}."
                    : $"The access token (until {Time(tokens.ExpiresAt)}) is renewed automatically with the refresh token.");
                return 0;
            }
            switch (error!.Error)
            {
                case "authorization_pending":
                    break;
                case "slow_down":
                    // RFC 8628, 3.5: poll 5 seconds less often from now on.
                    interval += TimeSpan.FromSeconds(5);
                    break;
                case "access_denied":
                    throw new CliException($"The sign-in was denied in the browser: {error}");
                case "expired_token":
                    throw new CliException($"The code expired before it was confirmed: {error}\nRun `mit login` again.");
                default:
                    throw new CliException($"Signing in at {client.Address} failed: {error}");
            }
        }
    }

    /// <summary>`mit logout`: forgets the stored session.</summary>
    public static int Logout(Options options)
    {
        if (options.Value("as") is not null || options.Value("token") is not null || options.Value("password") is not null)
        {
            throw new UsageException("`mit logout` removes the stored session; --as, --password and --token do not apply to it.");
        }
        Console.WriteLine(SessionStore.Delete()
            ? $"Signed out: removed {SessionStore.FilePath}."
            : $"Not signed in: there was no session ({SessionStore.FilePath}).");
        return 0;
    }

    /// <summary>--as NAME, or its alias --persona NAME (accepted by `mit token`).</summary>
    private static string? UserName(Options options)
    {
        var user = options.Value("as");
        var persona = options.Value("persona");
        if (user is not null && persona is not null)
        {
            throw new UsageException("--persona is another name for --as: give one of them.");
        }
        return user ?? persona;
    }

    /// <summary>A demo user: a token from the password grant, fetched again when it nears its end.</summary>
    private static Func<Task<string>> DemoUser(Uri identity, string user, string password, CancellationToken ct)
    {
        Tokens? current = null;
        return async () =>
        {
            if (current is null || current.ExpiresAt - DateTimeOffset.UtcNow < Margin)
            {
                using var client = new IdentityClient(identity);
                current = await client.PasswordAsync(user, password, ct);
            }
            return current.AccessToken;
        };
    }

    /// <summary>The stored session; renewed (and stored again) when its access token nears its end.</summary>
    private static Func<Task<string>> StoredSession(CancellationToken ct)
    {
        Session? session = null;
        return async () =>
        {
            session ??= SessionStore.Load() ?? throw new CliException(NoSession);
            if (!Fresh(session))
            {
                session = await RenewAsync(session, ct);
            }
            return session.AccessToken;
        };
    }

    private static async Task<Session> RenewAsync(Session session, CancellationToken ct)
    {
        // Another mit process may have renewed it meanwhile: then its refresh token replaced ours, which is spent.
        session = SessionStore.Load() ?? session;
        if (Fresh(session))
        {
            return session;
        }
        if (session.RefreshToken is null)
        {
            throw new CliException($"The stored session ended at {Time(session.ExpiresAt)} and has no refresh token; sign in again with `mit login`.");
        }
        if (!Uri.TryCreate(session.Identity, UriKind.Absolute, out var identity))
        {
            throw new CliException($"The session file {SessionStore.FilePath} names no valid identity service; sign in again with `mit login`.");
        }
        using var client = new IdentityClient(identity);
        var (tokens, error) = await client.RefreshAsync(session.RefreshToken, ct);
        if (tokens is null)
        {
            // Refresh tokens are single-use: if a concurrent renewal won, its result is in the file.
            if (error is { Error: "invalid_grant" } && SessionStore.Load() is { } newer && newer.RefreshToken != session.RefreshToken && Fresh(newer))
            {
                return newer;
            }
            throw new CliException(error is { Error: "invalid_grant" }
                ? $"The stored session has ended: its refresh token expired, was used already or was revoked: {error}\nSign in again with `mit login`."
                : $"Renewing the stored session at {client.Address} failed: {error}");
        }
        // The identity service rotates refresh tokens (each is good for one use): keep the new one.
        var renewed = session with { AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken ?? session.RefreshToken, ExpiresAt = tokens.ExpiresAt };
        SessionStore.Save(renewed);
        return renewed;
    }

    private static bool Fresh(Session session) => session.ExpiresAt - DateTimeOffset.UtcNow >= Margin;

    private static string Time(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
