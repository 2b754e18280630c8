using System.Collections.Concurrent;

namespace ElsaWorkspaceAgents.Recovery;

/// <summary>
/// What the previous check on this node found stranded. During a healthy commit the state and the store disagree for
/// milliseconds; an instance is treated as stranded only when two checks an interval apart found it so with the same
/// fingerprint (last save and stored bookmarks unchanged).
/// </summary>
internal sealed class StrandedWaitSightings
{
    private readonly ConcurrentDictionary<string, string> previous = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> warned = new(StringComparer.Ordinal);

    /// <summary>Records this check's finding; true when the previous check found the same.</summary>
    public bool SeenUnchanged(StrandedWait wait)
    {
        var seen = previous.TryGetValue(wait.Instance.Id, out var fingerprint) && fingerprint == wait.Fingerprint;
        previous[wait.Instance.Id] = wait.Fingerprint;
        return seen;
    }

    /// <summary>Forgets the instances this check did not find stranded (resumed, finished, or healthy again).</summary>
    public void KeepOnly(IReadOnlySet<string> instanceIds)
    {
        foreach (var id in previous.Keys.Where(id => !instanceIds.Contains(id)))
        {
            previous.TryRemove(id, out _);
        }

        foreach (var id in warned.Keys.Where(id => !instanceIds.Contains(id)))
        {
            warned.TryRemove(id, out _);
        }
    }

    /// <summary>True the first time for an instance left for a person, so each check does not warn again.</summary>
    public bool WarnOnce(string instanceId) => warned.TryAdd(instanceId, true);

    /// <summary>Forgets an instance once it was resumed.</summary>
    public void Forget(string instanceId) => previous.TryRemove(instanceId, out _);
}
