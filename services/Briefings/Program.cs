using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Briefings;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddBriefings();
builder.AddPlatformMessaging();
var app = builder.Build();
app.MapPlatformDefaults();
app.MapBriefings();
app.Run();
