namespace TwinLab.Core.Models;

/// <summary>Size limits of DTDL (v3 limits, applied to v2 documents too unless noted).</summary>
internal static class DtdlLimits
{
    /// <summary>Longest interface <c>@id</c>.</summary>
    public const int MaxInterfaceIdLength = 128;
    /// <summary>Longest DTMI of any other element (user DTMIs).</summary>
    public const int MaxDtmiLength = 2048;
    /// <summary>Longest <c>name</c> in DTDL v2.</summary>
    public const int MaxNameLengthV2 = 64;
    /// <summary>Longest <c>name</c> in DTDL v3.</summary>
    public const int MaxNameLengthV3 = 512;
    /// <summary>Longest <c>displayName</c> (per language).</summary>
    public const int MaxDisplayNameLength = 64;
    /// <summary>Longest <c>description</c> (per language).</summary>
    public const int MaxDescriptionLength = 512;
    /// <summary>Longest <c>comment</c>.</summary>
    public const int MaxCommentLength = 512;
    /// <summary>Most interfaces in an <c>extends</c> hierarchy (not counting the interface itself).</summary>
    public const int MaxExtendsTotal = 1024;
    /// <summary>Most levels of <c>extends</c> above an interface.</summary>
    public const int MaxExtendsDepth = 10;
    /// <summary>Most levels of nested complex schemas.</summary>
    public const int MaxSchemaDepth = 5;
    /// <summary>Most contents of an interface, including inherited ones.</summary>
    public const int MaxContentsInHierarchy = 100_000;
    /// <summary>Largest interface text, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxInterfaceBytes = 1 << 20;
}
