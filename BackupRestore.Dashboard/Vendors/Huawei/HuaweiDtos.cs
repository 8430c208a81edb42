using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>Huawei error body (§3.5, §4.5, §5.7): <c>{"error_code","error_msg"}</c>, CSE adds <c>detail</c>.</summary>
public sealed record HuaweiError(string? ErrorCode, string? ErrorMsg, string? Detail);

public sealed record IamTokenResponse(IamToken? Token);

public sealed record IamToken(DateTimeOffset? ExpiresAt);

public sealed record IamAuthRequest(IamAuth Auth);

public sealed record IamAuth(IamIdentity Identity, IamScope Scope);

public sealed record IamIdentity(IReadOnlyList<string> Methods, IamPassword Password);

public sealed record IamPassword(IamUser User);

public sealed record IamUser(string Name, string Password, IamDomain Domain);

public sealed record IamDomain(string Name);

public sealed record IamScope(IamProject Project);

public sealed record IamProject([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(TolerantStringConverter)])]
[JsonSerializable(typeof(HuaweiError))]
[JsonSerializable(typeof(IamTokenResponse))]
[JsonSerializable(typeof(IamAuthRequest))]
internal sealed partial class HuaweiJsonContext : JsonSerializerContext;
