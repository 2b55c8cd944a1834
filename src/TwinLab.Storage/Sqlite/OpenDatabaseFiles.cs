namespace TwinLab.Storage.Sqlite;

/// <summary>
/// The database files this process has open through SQLite, so that nothing here reads one through a plain file handle
/// while SQLite holds locks on it.
/// </summary>
/// <remarks>
/// <para>SQLite's locks on Unix are POSIX advisory locks, which belong to the process, not to the file descriptor: closing
/// <em>any</em> descriptor of the file drops every lock the process holds on it (SQLite's "POSIX advisory locks are
/// broken" note, https://www.sqlite.org/howtocorrupt.html section 2.2). Opening a second store on a file a server already
/// had open used to read the file's header with a <see cref="FileStream"/> first; closing that stream silently dropped the
/// server's shared lock, so the next process to close its connection (a <c>twinlab</c> command, another server) believed
/// it was the last one, checkpointed and deleted the WAL, and the server's later commits went into the deleted file and
/// were lost. Found by the SIGKILL delivery test, whose route cursor went back one event.</para>
/// <para>So a file's header is read only when no store in this process has it open (it was checked when the first one
/// opened it), under a lock that also keeps another thread from opening it meanwhile.</para>
/// </remarks>
internal static class OpenDatabaseFiles
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, int> Holders = new(StringComparer.Ordinal);

    /// <summary>Registers one more holder of <paramref name="path"/>; when it is the first, runs
    /// <paramref name="checkFirst"/> (which may read the file with plain I/O, no SQLite connection of this process having
    /// it open) before. Dispose the lease after closing the connection.</summary>
    /// <exception cref="Exception">Whatever <paramref name="checkFirst"/> throws; nothing is registered then.</exception>
    public static Lease Acquire(string path, Action<string>? checkFirst = null)
    {
        var key = Key(path);
        lock (Gate)
        {
            var count = Holders.GetValueOrDefault(key);
            if (count == 0) checkFirst?.Invoke(path);
            Holders[key] = count + 1;
        }
        return new Lease(key);
    }

    private static void Release(string key)
    {
        lock (Gate)
        {
            if (!Holders.TryGetValue(key, out var count)) return;
            if (count <= 1) Holders.Remove(key);
            else Holders[key] = count - 1;
        }
    }

    /// <summary>The file's full path, through a symbolic link to the file it names.</summary>
    private static string Key(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>One holder's registration; disposing it twice releases once.</summary>
    public sealed class Lease(string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Release(key);
        }
    }
}
