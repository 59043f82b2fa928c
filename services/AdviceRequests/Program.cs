using Mit.Platform.AdviceRequests;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddAdviceRequests();
builder.AddPlatformMessaging();
var app = builder.Build();
app.MapPlatformDefaults();
app.MapAdviceRequests();
app.Run();
