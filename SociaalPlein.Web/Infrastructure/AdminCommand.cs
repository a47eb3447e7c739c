using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// <c>dotnet run --project SociaalPlein.Web -- create-admin EMAIL</c>: creates the first beheerder of an
/// installation (outside Development no account exists). The password is read from standard input, so it
/// never appears in the shell history or the process list.
/// </summary>
public static class AdminCommand
{
    /// <summary>Runs the command; <paramref name="passwordInput"/> null means: ask at the terminal, without echo.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader? passwordInput,
        TextWriter output, TextWriter error)
    {
        var email = args.Length == 2 ? args[1].Trim().ToLowerInvariant() : "";
        if (!AppUsers.IsValidEmail(email))
        {
            await error.WriteLineAsync("Usage: create-admin EMAIL   (a valid e-mail address; the password is read from standard input)");
            return 2;
        }
        var users = services.GetRequiredService<AppUsers>();
        if (await users.ExistsAsync(email))
        {
            await error.WriteLineAsync($"An account for {email} exists already.");
            return 1;
        }
        var password = passwordInput is null ? PromptPassword(output) : await passwordInput.ReadLineAsync();
        // The same rules as the set-password page (NIST SP 800-63B), with the same Dutch message.
        if (Passwords.Problem(password, email) is { } problem)
        {
            await error.WriteLineAsync($"Password refused: {problem}");
            return 1;
        }
        // The part before the @ as the name shown in the app, unless it is too short to be one.
        var name = email.Split('@')[0].Length >= 2 ? email.Split('@')[0] : email;
        if (await users.CreateBeheerderAsync(email, name, password!) is not int id)
        {
            await error.WriteLineAsync($"An account for {email} exists already.");
            return 1;
        }
        await output.WriteLineAsync($"Beheerder {email} created (id {id}). Sign in at /account/inloggen.");
        return 0;
    }

    static string PromptPassword(TextWriter output)
    {
        output.Write($"Password (at least {Passwords.MinimumLength} characters, not a common one): ");
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0) password.Length--;
            else if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }
        output.WriteLine();
        return password.ToString();
    }
}
