package com.wolfscale.wal.internal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.EpochStart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a segment from its header to its end and checks every batch: plausible header, CRC-32C, LSNs that
 * continue the log without a gap, epochs that never go back (and, when asked, that every records section
 * decodes). Used by recovery, by index rebuilds and by {@code wal verify}. Stateless.
 */
public final class SegmentScanner {

    private static final int CHUNK_BYTES = 1 << 20;

    private SegmentScanner() {
    }

    /**
     * Where a scan stopped and what it saw. {@code problem} is null when every byte up to the end is valid
     * or zero: {@code zeroTail} counts the zero bytes after {@code validEnd}, the unused part of a
     * preallocated segment.
     */
    public record Outcome(long validEnd, long lastLsn, long lastEpoch, long maxTimestampMicros, int batches,
                          long records, List<EpochStart> epochStarts, Problem problem, long zeroTail) {
    }

    /**
     * The first bad batch: at {@code offset}, where the record {@code expectedLsn} should start.
     * {@code checksummed} is true when the batch's bytes are intact but do not continue the log (an LSN
     * gap or an epoch going back): that is never a torn write.
     */
    public record Problem(long offset, long expectedLsn, String reason, boolean checksummed) {
    }

    /**
     * Scans {@code segment} up to {@code length} bytes.
     *
     * @param previousEpoch epoch of the record before the segment (0 for none); a lower batch epoch is a problem
     * @param index         receives an entry per indexed batch (pass a fresh index)
     * @param decodeRecords also decode every records section (slower; for {@code wal verify})
     */
    public static Outcome scan(SegmentFile segment, long length, long previousEpoch, SparseIndex index,
                               boolean decodeRecords) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SegmentHeader.BYTES);
        segment.read(header, 0);
        String headerProblem = SegmentHeader.problem(header.flip(), segment.baseLsn());
        long expected = segment.baseLsn();
        Accumulator acc = new Accumulator(previousEpoch, expected);
        if (headerProblem != null) {
            return acc.outcome(0, new Problem(0, expected, headerProblem, false), 0);
        }
        BatchStreamDecoder decoder = new BatchStreamDecoder(SegmentHeader.BYTES, length);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long position = SegmentHeader.BYTES;
        while (true) {
            BatchStreamDecoder.Result r = decoder.next();
            if (r instanceof BatchStreamDecoder.NeedMore) {
                if (position >= length) {
                    r = decoder.finish();
                    if (r instanceof BatchStreamDecoder.NeedMore) {
                        return acc.outcome(decoder.position(), null, 0);
                    }
                } else {
                    chunk.clear().limit((int) Math.min(CHUNK_BYTES, length - position));
                    segment.readFully(chunk, position);
                    position += chunk.flip().remaining();
                    decoder.feed(chunk);
                    continue;
                }
            }
            if (r instanceof BatchStreamDecoder.Invalid bad) {
                long at = bad.streamOffset();
                if (zeroFrom(segment, at, length)) {
                    return acc.outcome(at, null, length - at);
                }
                return acc.outcome(at, new Problem(at, acc.nextLsn, bad.reason(), false), 0);
            }
            BatchStreamDecoder.Batch batch = (BatchStreamDecoder.Batch) r;
            String problem = acc.accept(batch, decodeRecords);
            if (problem != null) {
                return acc.outcome(batch.streamOffset(), new Problem(batch.streamOffset(), acc.nextLsn, problem, true), 0);
            }
            index.onBatch(batch.header().baseLsn(), batch.streamOffset());
        }
    }

    /**
     * Whether any valid batch starts after {@code offset} (exclusive) and before {@code length}: the test that
     * tells a torn tail (nothing valid follows the bad bytes) from corruption in the middle of the log.
     * Every byte position is tried; a candidate must have a plausible header before its CRC is computed.
     */
    public static long findValidBatchAfter(SegmentFile segment, long offset, long length) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(CHUNK_BYTES);
        long windowStart = offset + 1;
        while (windowStart + BatchCodec.HEADER_BYTES <= length) {
            window.clear().limit((int) Math.min(CHUNK_BYTES, length - windowStart));
            segment.readFully(window, windowStart);
            window.flip();
            int last = window.limit() - BatchCodec.HEADER_BYTES;
            for (int i = 0; i <= last; i++) {
                // cheap filter first: a preallocated segment has megabytes of zeros to skip
                int declared = window.getInt(i);
                if (declared < BatchCodec.HEADER_BYTES - 4 || window.get(i + 8) != BatchCodec.FORMAT_VERSION) {
                    continue;
                }
                BatchHeader h = BatchHeader.parse(window.position(i));
                long at = windowStart + i;
                if (h.problem(length - at) == null && crcMatches(segment, at, h)) {
                    return at;
                }
            }
            windowStart += last + 1;
        }
        return -1;
    }

    /** Whether every byte in {@code [from, length)} is zero: the unwritten rest of a preallocated segment. */
    static boolean zeroFrom(SegmentFile segment, long from, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES);
        for (long p = from; p < length; ) {
            buf.clear().limit((int) Math.min(CHUNK_BYTES, length - p));
            segment.readFully(buf, p);
            p += buf.position();
            byte[] a = buf.array();
            for (int i = 0; i < buf.position(); i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean crcMatches(SegmentFile segment, long at, BatchHeader h) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, h.totalBytes()));
        buf.limit(4);
        segment.readFully(buf, at);
        crc.update(buf.flip());
        long p = at + 8;
        long end = at + h.totalBytes();
        while (p < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - p));
            segment.readFully(buf, p);
            p += buf.flip().remaining();
            crc.update(buf);
        }
        return (int) crc.getValue() == h.crc();
    }

    /** Running state of one scan. */
    private static final class Accumulator {
        long lastEpoch;
        long nextLsn;
        long maxTimestamp = Long.MIN_VALUE;
        int batches;
        long records;
        final List<EpochStart> epochStarts = new ArrayList<>();

        Accumulator(long previousEpoch, long nextLsn) {
            this.lastEpoch = previousEpoch;
            this.nextLsn = nextLsn;
        }

        String accept(BatchStreamDecoder.Batch batch, boolean decode) {
            BatchHeader h = batch.header();
            if (h.baseLsn() != nextLsn) {
                return "batch starts at LSN " + h.baseLsn() + " where LSN " + nextLsn + " must follow (gap or overlap)";
            }
            if (h.epoch() < lastEpoch) {
                return "batch epoch " + h.epoch() + " is lower than the epoch " + lastEpoch + " before it";
            }
            if (decode) {
                try {
                    BatchCodec.decode(batch.bytes(), batch.offset(), h, Long.MAX_VALUE);
                } catch (IllegalArgumentException e) {
                    return "records section does not decode: " + e.getMessage();
                }
            }
            if (h.epoch() != lastEpoch) {
                epochStarts.add(new EpochStart(Epoch.of(h.epoch()), Lsn.of(h.baseLsn())));
            }
            lastEpoch = h.epoch();
            nextLsn = h.lastLsn() + 1;
            maxTimestamp = Math.max(maxTimestamp, h.maxTimestampMicros());
            batches++;
            records += h.count();
            return null;
        }

        Outcome outcome(long validEnd, Problem problem, long zeroTail) {
            return new Outcome(validEnd, nextLsn - 1, lastEpoch, maxTimestamp, batches, records,
                    List.copyOf(epochStarts), problem, zeroTail);
        }
    }
}
