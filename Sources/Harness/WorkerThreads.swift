import Foundation

/// Worker threads that can be joined.
///
/// Foundation's `Thread` cannot be joined, and it releases its closure — with everything the
/// closure captured — while the thread is being torn down, after the caller may already have
/// moved on (or the process begun to exit). The runner's workers capture the runner, its store
/// and its in-memory datasets, so they run on plain pthreads instead: each body and its
/// captures are released inside the thread function, and ``join()`` returns only once every
/// thread has fully exited.
struct WorkerThreads {
    private final class Job {
        let index: Int
        let body: (Int) -> Void
        init(index: Int, body: @escaping (Int) -> Void) {
            self.index = index
            self.body = body
        }
    }

    private let threads: [pthread_t]

    /// The number of threads that started.
    var count: Int { threads.count }

    /// Starts `body(0)`, …, `body(count − 1)` on up to `count` threads with `stackSize`-byte
    /// stacks. Fewer start if the system refuses more; none starting is an error.
    static func start(count: Int, stackSize: Int = 8 << 20, _ body: @escaping (Int) -> Void) throws -> WorkerThreads {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var threads: [pthread_t] = []
        var refusal: Int32 = 0
        for i in 0..<count {
            let job = Unmanaged.passRetained(Job(index: i, body: body)).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attributes, { argument in
                let job = Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue()
                job.body(job.index)
                return nil  // `job`, and what `body` captured, is released here, not in thread teardown
            }, job)
            if rc != 0 {
                Unmanaged<Job>.fromOpaque(job).release()
                refusal = rc
                break
            }
            threads.append(thread)
        }
        if threads.isEmpty && count > 0 {
            throw HarnessError.resources("cannot start a worker thread: \(String(cString: strerror(refusal)))")
        }
        return WorkerThreads(threads: threads)
    }

    /// Waits until every thread has exited.
    func join() {
        for thread in threads { pthread_join(thread, nil) }
    }
}
