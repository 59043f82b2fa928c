using Mit.Platform.Identity;
using Mit.Platform.Identity.Admin;

if (args is ["users" or "keys", ..])
{
    return await AdminCommands.RunAsync(args);
}
var builder = WebApplication.CreateBuilder(args);
builder.AddIdentityServer();
var app = builder.Build();
app.MapIdentityServer();
app.Run();
return 0;
