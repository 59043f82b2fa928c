namespace Mit.Platform.Identity.Api;

/// <summary>
/// The sign-in and device pages in the portal's language: Dutch by default, English when the person chose it in the
/// portal (its culture cookie, same origin) or the client asked for it (ui_locales).
/// </summary>
internal sealed record PageTexts(string Language, string SignIn, string UserName, string Password, string WrongPassword,
    string ConfirmCode, string CodeLabel, string Client, string Allow, string Deny, string UnknownCode, string Brand)
{
    private static readonly PageTexts Dutch = new("nl", "Aanmelden", "Gebruikersnaam", "Wachtwoord", "De gebruikersnaam of het wachtwoord klopt niet.",
        "Code bevestigen", "Code die de opdrachtregel toont", "Toepassing", "Toestaan", "Weigeren",
        "Deze code is onbekend of verlopen. Begin opnieuw vanuit de opdrachtregel.", "MIT-platform");

    private static readonly PageTexts English = new("en", "Sign in", "User name", "Password", "The user name or password is wrong.",
        "Confirm the code", "Code shown by the command-line client", "Client", "Allow", "Deny",
        "This code is unknown or expired. Start again from the command-line client.", "MIT Platform");

    public static PageTexts For(HttpContext context)
    {
        var cookie = context.Request.Cookies[".AspNetCore.Culture"] ?? "";
        if (cookie.Contains("uic=en", StringComparison.Ordinal))
        {
            return English;
        }
        if (cookie.Contains("uic=nl", StringComparison.Ordinal))
        {
            return Dutch;
        }
        var asked = context.Request.Query["ui_locales"].ToString() + " " + context.Request.Query["returnUrl"].ToString();
        return asked.Contains("ui_locales=en", StringComparison.Ordinal) || asked.TrimStart().StartsWith("en", StringComparison.Ordinal) ? English : Dutch;
    }
}
