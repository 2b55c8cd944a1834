using System.Security.Cryptography;
using System.Text;
using TwinLab.Core.Errors;

namespace TwinLab.Storage.Encryption;

/// <summary>
/// The 256-bit key that wraps every twin's data key (see <see cref="TwinKeyStore"/>). It never encrypts data itself, so
/// rotating it re-wraps a few bytes per sensitive twin and leaves the data untouched.
/// </summary>
/// <remarks>Read from a key file (<c>--key-file</c>, <c>TwinLab:Encryption:KeyFile</c>) holding the key in base64 (as
/// <c>twinlab encryption new-key</c> writes it), or from the environment variable <see cref="EnvironmentVariable"/>.
/// <see cref="Source"/> names where it came from, so a wrong or missing key is reported against its source.</remarks>
public sealed class MasterKey
{
    /// <summary>The environment variable that may hold the key, in base64.</summary>
    public const string EnvironmentVariable = "TWINLAB_MASTER_KEY";

    private const int KeyBytes = 32;

    private MasterKey(byte[] key, string source)
    {
        Key = key;
        Source = source;
        // A fingerprint stored beside the wrapped keys: a wrong key is named as such instead of failing as "corrupt".
        Id = Convert.ToHexStringLower(SHA256.HashData([.. "twinlab-master-key-id:"u8, .. key]))[..16];
    }

    internal byte[] Key { get; }

    /// <summary>Where the key came from: <c>key file 'PATH'</c> or <c>TWINLAB_MASTER_KEY</c>.</summary>
    public string Source { get; }

    /// <summary>A fingerprint of the key (not the key): 16 hex digits of a SHA-256 over it.</summary>
    public string Id { get; }

    /// <summary>A new random key (for <c>twinlab encryption new-key</c> and tests).</summary>
    public static MasterKey Generate(string source = "a generated key") => new(RandomNumberGenerator.GetBytes(KeyBytes), source);

    /// <summary>The key in base64, as a key file holds it.</summary>
    public string ToBase64() => Convert.ToBase64String(Key);

    /// <summary>Reads a key file.</summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) The file is missing or does not hold a base64 256-bit key.</exception>
    public static MasterKey FromFile(string path)
    {
        var source = $"key file '{path}'";
        if (!File.Exists(path)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"The {source} does not exist.");
        return Parse(File.ReadAllText(path, Encoding.UTF8), source);
    }

    /// <summary>The key from <see cref="EnvironmentVariable"/>, or <c>null</c> when it is not set.</summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) It is set but not a base64 256-bit key.</exception>
    public static MasterKey? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text ? Parse(text, EnvironmentVariable) : null;

    /// <summary>The key from <paramref name="keyFile"/> when given, else from the environment, else <c>null</c>.</summary>
    public static MasterKey? Resolve(string? keyFile) => keyFile is not null ? FromFile(keyFile) : FromEnvironment();

    /// <summary>Parses a base64 key; <paramref name="source"/> names it in errors.</summary>
    public static MasterKey Parse(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The master key in {source} is not base64; create one with 'twinlab encryption new-key FILE'.");
        }
        if (key.Length != KeyBytes)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The master key in {source} is {key.Length} bytes; it must be {KeyBytes} (256 bits).");
        return new MasterKey(key, source);
    }
}
