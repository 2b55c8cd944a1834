using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Security;

/// <summary>
/// Policies kept in the database as documents of kind <see cref="Kind"/> (one per policy, its JSON as
/// <see cref="PolicyJson"/> writes it). The CLI (<c>twinlab policies</c>) and the server's <c>/policies</c> change them;
/// the server evaluates every request against <see cref="Current"/>.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Current"/> re-reads the documents at most every <see cref="CacheFor"/>, so a change made by
/// another process (the CLI on the same database) takes effect in a running server within that time.
/// </remarks>
public sealed class PolicyStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>Document kind of policies.</summary>
    public const string Kind = "policy";

    /// <summary>How long the loaded policies are reused before the database is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private (PolicySet Set, string Text, DateTimeOffset Read)? _cached;

    /// <summary>Every policy, by id.</summary>
    public IReadOnlyList<AccessPolicy> List() => [.. store.ListDocuments(Kind).Select(d => Find(d.Id)).OfType<AccessPolicy>().OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>The policy <paramref name="id"/>, or <c>null</c>.</summary>
    public AccessPolicy? Find(string id) =>
        store.LoadDocument(Kind, id) is { } doc ? PolicyJson.Read(id, doc.Json, $"stored policy '{id}'") : null;

    /// <summary>Saves (creates or replaces) a policy.</summary>
    public AccessPolicy Save(AccessPolicy policy)
    {
        AccessPolicy.CheckId(policy.Id);
        var created = store.LoadDocument(Kind, policy.Id)?.Created ?? _time.GetUtcNow();
        store.SaveDocument(new StoredDocument(Kind, policy.Id, created, policy.Id, PolicyJson.Write(policy).ToJsonString()));
        Invalidate();
        return policy;
    }

    /// <summary>Removes a policy; <c>false</c> when there was none.</summary>
    public bool Remove(string id)
    {
        var removed = store.DeleteDocument(Kind, id);
        Invalidate();
        return removed;
    }

    /// <summary>Adds an entry granting or revoking <paramref name="permissions"/> on <paramref name="resource"/> to
    /// <paramref name="subject"/> in policy <paramref name="policyId"/> (made if missing).</summary>
    /// <exception cref="TwinLabException">InvalidArgument: a bad subject, resource or policy id.</exception>
    public AccessPolicy Add(string policyId, string subject, Permissions permissions, PolicyResource resource, bool revoke)
    {
        subject = PolicySubjects.Check(subject, "subject");
        var policy = Find(AccessPolicy.CheckId(policyId)) ?? new AccessPolicy(policyId, []);
        var label = $"{(revoke ? "revoke" : "grant")}-{policy.Entries.Count + 1}";
        while (policy.Entries.Any(e => e.Label == label)) label += "+";
        var entry = new PolicyEntry(label, [subject], [resource], revoke ? Permissions.None : permissions, revoke ? permissions : Permissions.None);
        return Save(policy with { Entries = [.. policy.Entries, entry] });
    }

    /// <summary>The policies in force (re-read at most every <see cref="CacheFor"/>).</summary>
    /// <remarks>A stored policy that no longer reads (edited by hand) is skipped rather than failing every request; its
    /// grants are lost, which fails closed.</remarks>
    public PolicySet Current()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is { } c && now - c.Read < CacheFor && now >= c.Read) return c.Set;
        }
        var docs = store.ListDocuments(Kind).Select(d => store.LoadDocument(Kind, d.Id)).OfType<StoredDocument>().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var text = string.Join('\n', docs.Select(d => d.Id + "\t" + d.Json));
        lock (_gate)
        {
            if (_cached is { } c && c.Text == text)
            {
                _cached = c with { Read = now };
                return c.Set;
            }
            var policies = new List<AccessPolicy>();
            foreach (var d in docs)
            {
                try
                {
                    policies.Add(PolicyJson.Read(d.Id, d.Json, $"stored policy '{d.Id}'"));
                }
                catch (TwinLabException)
                {
                    // fail closed: see remarks
                }
            }
            var set = new PolicySet(policies, (_cached?.Set.Stamp ?? 0) + 1);
            _cached = (set, text, now);
            return set;
        }
    }

    private void Invalidate()
    {
        lock (_gate) _cached = _cached is { } c ? c with { Read = DateTimeOffset.MinValue } : null;
    }
}
