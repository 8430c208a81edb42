using System.Net;

namespace BackupRestore.Dashboard.Vendors;

/// <summary>
/// The backend's own error, as it stated it: HTTP status plus the vendor's code and message.
/// <see cref="StateConflict"/>: the vendor's way of saying "not in this state" (409, or a code such as DBS.200011).
/// </summary>
public sealed record VendorError(int HttpStatus, string? Code, string Message, string? Module = null, string? Details = null, bool StateConflict = false);

/// <summary>A backend answered with an error status (4xx/5xx) and, where it sent one, its error body.</summary>
public sealed class VendorException(string system, VendorError error, Exception? inner = null)
    : Exception($"{system} answered {error.HttpStatus}{(error.Code is null ? "" : $" ({error.Code})")}: {error.Message}", inner)
{
    public string System { get; } = system;

    public VendorError Error { get; } = error;

    public bool IsConflict => Error.HttpStatus == (int)HttpStatusCode.Conflict;

    public bool IsClientError => Error.HttpStatus is >= 400 and < 500;
}

/// <summary>A backend answered something that is not its API: malformed or truncated JSON, an HTML error page.</summary>
public sealed class VendorProtocolException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The operator's input cannot be sent as it is (missing field, unknown resource); nothing was sent.</summary>
public sealed class ActionInputException(string message) : Exception(message);
