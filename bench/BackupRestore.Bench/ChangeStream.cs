namespace BackupRestore.Bench;

/// <summary>
/// The background changes, with the same mix from the first window to the last. The slow targets are visited in turn,
/// in a scattered order (a fixed stride of about 0.62 of their number), so that every minute holds changes to the few
/// that the pages show, not only the pass that happens to cross them. A visit completes the running step, except that
/// a restore never finishes by itself (after step 10 it begins again at step 1, a change of step and start time
/// only). Every <see cref="FinishEvery"/>th change finishes a restore on
/// purpose, and the next visit to that target begins a new one: at 5 changes a second, 6 restores end and 6 begin a
/// minute, as 500 restores of about 80 minutes each would; the rest are changes of step.
/// </summary>
/// <remarks>
/// Random picks made the mix drift: targets picked more often than the others finished one by one as a run went on, and
/// each finish is a change of state, which every open main page shows in its counts (a list render in every circuit).
/// </remarks>
internal sealed class ChangeStream(HttpClient control, Uri simulator, IReadOnlyList<string> targets)
{
    public const int FinishEvery = 50;

    // The bench preset starts every restore at step 2; NSX's legacy profile has 11.
    private const int FirstStep = 2;
    private const int LastStepReachedByItself = 10;

    private readonly Lock gate = new();
    private readonly int[] steps = Enumerable.Repeat(FirstStep, targets.Count).ToArray();
    private readonly int stride = Stride(targets.Count);
    private readonly Dictionary<string, int> index = targets.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
    private long changes;
    private int cursor;

    /// <summary>Whether the target's restore is running (not finished on purpose and waiting for its next visit).</summary>
    public bool IsRunning(string target)
    {
        lock (gate)
        {
            return steps[Index(target)] > 0;
        }
    }

    /// <summary>The next change of the stream.</summary>
    public Task NextAsync()
    {
        string target;
        string action;
        lock (gate)
        {
            var i = cursor;
            cursor = (cursor + stride) % targets.Count;
            target = targets[i];
            action = ++changes % FinishEvery == 0 && steps[i] > 0 ? "finish" : Visit(i);
            if (action == "finish")
            {
                steps[i] = 0;
            }
        }
        return SendAsync(target, action);
    }

    /// <summary>A change of step of a running restore, never of its state (figure 5 needs rows that stay where they are).</summary>
    public Task StepAsync(string target)
    {
        string action;
        lock (gate)
        {
            var i = Index(target);
            if (steps[i] == 0)
            {
                throw new InvalidOperationException($"{target}'s restore was finished; only running ones change in place.");
            }
            action = Visit(i);
        }
        return SendAsync(target, action);
    }

    private string Visit(int i)
    {
        if (steps[i] is 0 or LastStepReachedByItself)
        {
            steps[i] = 1;
            return "restart";
        }
        steps[i]++;
        return "complete-step";
    }

    /// <summary>Near the golden ratio of the count and prime to it, so that a pass visits every target once, spread out.</summary>
    private static int Stride(int count)
    {
        for (var stride = Math.Max(1, (int)Math.Round(count * 0.618)); stride > 1; stride--)
        {
            if (System.Numerics.BigInteger.GreatestCommonDivisor(stride, count).IsOne)
            {
                return stride;
            }
        }
        return 1;
    }

    private int Index(string target) =>
        index.TryGetValue(target, out var i) ? i : throw new ArgumentException($"{target} is not in the change stream.", nameof(target));

    private Task SendAsync(string target, string action) => SteerAsync(control, simulator, target, action);

    /// <summary>One control call on a simulated NSX restore (complete-step, finish, restart).</summary>
    public static async Task SteerAsync(HttpClient control, Uri simulator, string target, string action)
    {
        using var response = await control.PostAsync(new Uri(simulator, $"_sim/nsx/{target}/{action}"), null);
        response.EnsureSuccessStatusCode();
    }
}
