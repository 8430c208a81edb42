using BackupRestore.Dashboard.Features.Audit;

namespace BackupRestore.Dashboard.Tests.Features.Audit;

/// <summary>Stored parameters and vendor errors as readable pairs, table-driven.</summary>
public sealed class AuditDisplayTests
{
    public static TheoryData<string, string[]> Parameters => new()
    {
        { "{}", [] },
        { """{"location":"sftp://b/x","port":22,"force":true,"none":null}""", ["location=sftp://b/x", "port=22", "force=yes", "none=—"] },
        { """{"resources":[{"id":"tn-1","name":"edge"}],"tags":["a","b"]}""", ["resources[0].id=tn-1", "resources[0].name=edge", "tags=a, b"] },
        { """{"location_password":"x","spec":{"sso_admin_user_password":"y","client_secret":"z","token":"t"}}""",
            ["location_password=[removed]", "spec.sso_admin_user_password=[removed]", "spec.client_secret=[removed]", "spec.token=[removed]"] },
        { """{"password":{"nested":"still secret"}}""", ["password=[removed]"] },
        { "not json", ["parameters=(not readable)"] },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Parameters_become_pairs(string json, string[] expected) =>
        Assert.Equal(expected, AuditDisplay.Parameters(json).Select(p => $"{p.Key}={p.Value}"));

    [Fact]
    public void A_runaway_input_is_cut_and_says_how_much_is_left()
    {
        var json = "{" + string.Join(',', Enumerable.Range(1, 50).Select(i => $"\"k{i}\":{i}")) + "}";

        var pairs = AuditDisplay.Parameters(json);

        Assert.Equal(AuditDisplay.MaxPairs + 1, pairs.Count);
        Assert.Equal(new AuditPair("…", "10 more"), pairs[^1]);
    }

    [Fact]
    public void A_vendor_error_reads_as_status_code_and_message()
    {
        var pairs = AuditDisplay.VendorError("""{"httpStatus":400,"code":"DBS.200011","message":"Instance is busy.","details":"job 4"}""");

        Assert.Equal(["HTTP status=400", "code=DBS.200011", "message=Instance is busy.", "details=job 4"], pairs.Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(AuditDisplay.VendorError(null));
    }
}
