package com.wolfscale.config;

/**
 * {@code [performance]}. {@code auto_tune}, {@code worker_threads} and {@code channel_buffer} come from the
 * original, whose async runtime
 * they sized; WolfScale uses one thread per connection, so they have nothing to size: a non-zero
 * value is accepted and reported as having no effect rather than silently ignored.
 */
public record PerformanceSection(boolean autoTune, int workerThreads, int channelBuffer) {

    static PerformanceSection read(SectionReader r) {
        boolean autoTune = r.flag("auto_tune", true);
        if (r.has("auto_tune")) {
            r.warning("auto_tune", "has no effect in this version: queues are bounded by design and every "
                    + "connection has its own thread, so there is nothing to size; remove it");
        }
        int workers = r.intValue("worker_threads", 0, 0, 4096);
        int buffer = r.intValue("channel_buffer", 0, 0, 100_000_000);
        for (String key : new String[] {"worker_threads", "channel_buffer"}) {
            if (key.equals("worker_threads") ? workers != 0 : buffer != 0) {
                r.warning(key, "has no effect in this version (every connection has its own thread); remove it");
            }
        }
        return new PerformanceSection(autoTune, workers, buffer);
    }
}
