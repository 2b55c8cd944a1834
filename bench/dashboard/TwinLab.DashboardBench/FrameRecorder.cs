using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

/// <summary>Records the page's animation frames (requestAnimationFrame timestamps) between <see cref="StartAsync"/> and
/// <see cref="StopAsync"/>; the frame times are the intervals between consecutive frames.</summary>
internal static class FrameRecorder
{
    public static Task StartAsync(IPage page) => page.EvaluateAsync("""
        () => {
          const rec = window.__frames = { times: [], run: true };
          const loop = ts => { if (!rec.run) return; rec.times.push(ts); requestAnimationFrame(loop); };
          requestAnimationFrame(loop);
        }
        """);

    public static async Task<double[]> StopAsync(IPage page)
    {
        var times = await page.EvaluateAsync<double[]>("() => { window.__frames.run = false; return window.__frames.times; }");
        return [.. times.Zip(times.Skip(1), (a, b) => b - a)];
    }

    /// <summary>Drags the mouse across <paramref name="box"/> and back in <paramref name="steps"/> moves each way.</summary>
    public static async Task DragAcrossAsync(IPage page, LocatorBoundingBoxResult box, int steps)
    {
        var y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.7f, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.3f, y + 20, new MouseMoveOptions { Steps = steps });
        await page.Mouse.MoveAsync(box.X + box.Width * 0.7f, y - 20, new MouseMoveOptions { Steps = steps });
        await page.Mouse.UpAsync();
    }

    /// <summary>Turns the wheel <paramref name="notches"/> times over the middle of <paramref name="box"/>
    /// (negative: towards the user = zoom in), waiting one frame between notches.</summary>
    public static async Task WheelAsync(IPage page, LocatorBoundingBoxResult box, int notches, float delta)
    {
        await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height / 2);
        for (var i = 0; i < notches; i++)
        {
            await page.Mouse.WheelAsync(0, delta);
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => r(true)))");
        }
    }
}
