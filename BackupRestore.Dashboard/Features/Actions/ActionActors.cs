using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;

namespace BackupRestore.Dashboard.Features.Actions;

internal static class ActionActors
{
    public static ActionActor Of(HttpContext context) =>
        new(context.User.UserName(), context.User.Role(), context.Connection.RemoteIpAddress?.ToString());
}
