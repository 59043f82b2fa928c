using Mit.Platform.AllInOne;

await using var host = await AllInOneHost.StartAsync(args);
DemoHelp.Print(host, host.IsDevelopment);
await host.WaitForShutdownAsync();
