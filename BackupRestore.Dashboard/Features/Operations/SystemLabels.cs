namespace BackupRestore.Dashboard.Features.Operations;

public static class SystemLabels
{
    public static string Of(string system) => system switch
    {
        "nsx" => "NSX-T",
        "vcenter" => "vCenter",
        "geminidb" => "GeminiDB",
        "cse" => "CSE",
        "cbr" => "CBR",
        _ => system,
    };
}
