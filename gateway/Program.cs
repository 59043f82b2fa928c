using Mit.Platform.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();
var app = builder.Build();
app.MapGateway();
app.Run();
