package io.ledgerline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time spent in this JVM: by one application's stream threads, and by the whole process (the in-JVM broker, the
 * producers' I/O threads and the JIT compiler included). Unlike records/s, CPU per record hardly moves when other
 * work shares the machine, so it is the figure to compare two builds by.
 */
public record CpuTime(long streamThreadsNanos, long processNanos) {

    static CpuTime now(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long streamThreads = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            // Kafka Streams names them <application id>-<uuid>-StreamThread-<n>
            if (thread.getName().startsWith(applicationId + "-") && thread.getName().contains("-StreamThread-")) {
                long nanos = threads.getThreadCpuTime(thread.getId());
                streamThreads += Math.max(nanos, 0);
            }
        }
        return new CpuTime(streamThreads, processCpuNanos());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(os.getProcessCpuTime(), 0) : 0;
    }

    /** What was spent from {@code earlier} to this. */
    CpuTime since(CpuTime earlier) {
        return new CpuTime(streamThreadsNanos - earlier.streamThreadsNanos, processNanos - earlier.processNanos);
    }
}
