using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SociaalPlein.Data.Infrastructure;

static class DapperSettings
{
    // Our columns are snake_case, our records PascalCase: display_name fills DisplayName. Set when this
    // assembly loads, so every entry point (web app, tests, commands) maps the same way.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The data layer owns its Dapper mapping convention for every host.")]
    internal static void Configure() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
}
