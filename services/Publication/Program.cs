using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Publication;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddPublication();
builder.AddPlatformMessaging();
var app = builder.Build();
app.MapPlatformDefaults();
app.MapPublication();
app.Run();
