namespace TwinLab.Core.Models;

/// <summary>The short rule names carried by <see cref="DtdlError.Rule"/>.</summary>
internal static class DtdlRules
{
    public const string JsonSyntax = "json-syntax";
    public const string DocumentShape = "document-shape";
    public const string InvalidContext = "invalid-context";
    public const string MissingMember = "missing-member";
    public const string UnknownMember = "unknown-member";
    public const string DuplicateMember = "duplicate-member";
    public const string WrongType = "wrong-type";
    public const string InvalidValue = "invalid-value";
    public const string UnknownType = "unknown-type";
    public const string TypeConflict = "type-conflict";
    public const string DtmiSyntax = "dtmi-syntax";
    public const string DtmiLength = "dtmi-length";
    public const string DtmiReserved = "dtmi-reserved";
    public const string NameSyntax = "name-syntax";
    public const string NameLength = "name-length";
    public const string StringLength = "string-length";
    public const string LanguageTag = "language-tag";
    public const string UnknownSchema = "unknown-schema";
    public const string UnsupportedInVersion = "unsupported-in-version";
    public const string SchemaKind = "schema-kind";
    public const string SchemaDepth = "schema-depth";
    public const string SchemaCycle = "schema-cycle";
    public const string EnumValueSchema = "enum-value-schema";
    public const string EnumValueType = "enum-value-type";
    public const string MapKeySchema = "map-key-schema";
    public const string DuplicateName = "duplicate-name";
    public const string DuplicateValue = "duplicate-value";
    public const string DuplicateId = "duplicate-id";
    public const string ModelExists = "model-exists";
    public const string Multiplicity = "multiplicity";
    public const string UnresolvedReference = "unresolved-reference";
    public const string ExtendsCycle = "extends-cycle";
    public const string ExtendsDepth = "extends-depth";
    public const string ExtendsCount = "extends-count";
    public const string NestedComponent = "nested-component";
    public const string ContentsLimit = "contents-limit";
    public const string InterfaceSize = "interface-size";
}
