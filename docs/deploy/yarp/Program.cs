// The whole proxy: YARP 2.3.0 (package Yarp.ReverseProxy) reading proxy.json. Run it with
//   dotnet new web -n DashboardProxy && dotnet add package Yarp.ReverseProxy --version 2.3.0
// then replace Program.cs with this file and put proxy.json next to it. The tests run this same code
// (BackupRestore.Dashboard.Tests/Features/ScaleOut/ProxyHost.cs) in front of two dashboard instances.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile("proxy.json", optional: false, reloadOnChange: true);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
var app = builder.Build();
app.MapReverseProxy();
app.Run();
