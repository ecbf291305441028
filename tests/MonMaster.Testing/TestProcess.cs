using System.Runtime.CompilerServices;

namespace MonMaster.Tests;

internal static class TestProcess
{
    /// <summary>
    /// The test collections run in parallel in one process, beside in-process API nodes and silos. On a 2-core CI
    /// machine the thread pool starts with 2 threads and grows slowly, so a burst of blocking work in one collection
    /// can stall another's HTTP requests for seconds; a higher floor keeps them served.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolFloor()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
