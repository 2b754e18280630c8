using Elsa.Scheduling;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime.Entities;
using ElsaWorkspaceAgents.Activities;

namespace ElsaWorkspaceAgents.Recovery;

/// <summary>
/// A suspended instance whose <see cref="WaitForAgentResult"/> sleeps on an <c>Elsa.Delay</c> bookmark that its saved
/// state names but the bookmark store no longer holds, so no timer will ever resume it. Elsa 3.7.1 commits a step as
/// separate writes (<c>DefaultCommitStateHandler</c>: delete the consumed bookmark, insert the new one, then save the
/// instance); a crash between them leaves either a stored bookmark the state does not know (an orphan, fired in vain)
/// or no stored bookmark at all, with the state still naming the one just consumed.
/// </summary>
/// <param name="Instance">The suspended instance as last saved.</param>
/// <param name="MissingBookmarks">The wait's delay bookmarks in the state that are not stored: resuming one re-runs the status check.</param>
/// <param name="OrphanBookmarkIds">Stored delay bookmarks of the same waits that the state does not know.</param>
/// <param name="Fingerprint">What must stay the same between two checks for the instance to count as stranded rather than mid-commit.</param>
internal sealed record StrandedWait(WorkflowInstance Instance, IReadOnlyList<Bookmark> MissingBookmarks, IReadOnlyList<string> OrphanBookmarkIds, string Fingerprint)
{
    /// <summary>The stranded wait in <paramref name="instance"/>, or null when every wait's delay bookmark is stored.</summary>
    public static StrandedWait? Find(WorkflowInstance instance, IReadOnlyCollection<StoredBookmark> storedBookmarks)
    {
        var state = instance.WorkflowState;
        var waits = state.ActivityExecutionContexts
            .Where(context => context.Properties.ContainsKey(WaitForAgentResult.StateProperty))
            .Select(context => context.Id)
            .ToHashSet(StringComparer.Ordinal);
        if (waits.Count == 0)
        {
            return null;
        }

        var stored = storedBookmarks.Select(bookmark => bookmark.Id).ToHashSet(StringComparer.Ordinal);
        var missing = state.Bookmarks
            .Where(bookmark => bookmark.Name == SchedulingStimulusNames.Delay && bookmark.ActivityInstanceId is { } id && waits.Contains(id) && !stored.Contains(bookmark.Id))
            .ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var known = state.Bookmarks.Select(bookmark => bookmark.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = storedBookmarks
            .Where(bookmark => bookmark.Name == SchedulingStimulusNames.Delay && bookmark.ActivityInstanceId is { } id && waits.Contains(id) && !known.Contains(bookmark.Id))
            .Select(bookmark => bookmark.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var fingerprint = $"{instance.UpdatedAt:O}|{string.Join(',', stored.Order(StringComparer.Ordinal))}";
        return new StrandedWait(instance, missing, orphans, fingerprint);
    }
}
