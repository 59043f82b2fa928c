using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddCommittees();
builder.AddPlatformMessaging();
var app = builder.Build();
app.MapPlatformDefaults();
app.MapCommittees();
app.Run();
