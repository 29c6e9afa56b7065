package com.wolfscale.wal.internal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.EpochStart;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which epoch wrote which LSNs (epoch → first LSN, Kafka's leader-epoch cache), plus the <em>fences</em>
 * left by suffix truncations: for positions that a truncation freed and that have not been refilled yet,
 * the epoch of the record that was removed there. A record may refill such a position only with a higher
 * epoch, so {@code (epoch, lsn)} never names two different records.
 *
 * <p>Persisted as the file {@code epoch-history} (a {@link CheckpointFile}) before the first record of a
 * new epoch is written and as part of every suffix truncation, so it is never behind the log; entries
 * beyond the log's end (a batch that was never written) are dropped by recovery.
 *
 * <table>
 * <caption>epoch-history file (followed by the CRC-32C trailer of {@link CheckpointFile})</caption>
 * <tr><th>Size</th><th>Field</th></tr>
 * <tr><td>8</td><td>magic {@code WSWALEPH}</td></tr>
 * <tr><td>4</td><td>n, then n × (epoch u64, first LSN u64), ascending</td></tr>
 * <tr><td>4</td><td>m, then m × (first LSN u64, last LSN u64, epoch u64): fences, ascending, disjoint</td></tr>
 * </table>
 *
 * Immutable; every change returns a new instance, so readers use a published one without locking.
 */
public final class EpochHistory {

    public static final String FILE_NAME = "epoch-history";
    private static final byte[] MAGIC = "WSWALEPH".getBytes(StandardCharsets.US_ASCII);

    /** Positions {@code [firstLsn, lastLsn]} once held records of {@code epoch} that a truncation removed. */
    public record Fence(long firstLsn, long lastLsn, long epoch) {
    }

    public static final EpochHistory EMPTY = new EpochHistory(new long[0], new long[0], List.of());

    private final long[] epochs;
    private final long[] firstLsns;
    private final List<Fence> fences;

    private EpochHistory(long[] epochs, long[] firstLsns, List<Fence> fences) {
        this.epochs = epochs;
        this.firstLsns = firstLsns;
        this.fences = List.copyOf(fences);
    }

    public List<EpochStart> entries() {
        List<EpochStart> list = new ArrayList<>(epochs.length);
        for (int i = 0; i < epochs.length; i++) {
            list.add(new EpochStart(Epoch.of(epochs[i]), Lsn.of(firstLsns[i])));
        }
        return list;
    }

    public List<Fence> fences() {
        return fences;
    }

    public boolean isEmpty() {
        return epochs.length == 0;
    }

    /** Epoch of the record at {@code lsn} by the history alone (0 when no entry covers it). */
    public long epochCovering(long lsn) {
        int i = floorEntry(lsn);
        return i < 0 ? 0 : epochs[i];
    }

    /** Epoch of the record at {@code lsn} when {@code lsn} is in {@code [firstLsn, lastLsn]}. */
    public Optional<Epoch> epochAt(long lsn, long firstLsn, long lastLsn) {
        if (lsn < firstLsn || lsn > lastLsn) {
            return Optional.empty();
        }
        int i = floorEntry(lsn);
        return i < 0 ? Optional.empty() : Optional.of(Epoch.of(epochs[i]));
    }

    /** Last LSN written in {@code epoch}, or in the highest lower epoch when {@code epoch} is absent; 0 if none. */
    public long endOfEpoch(long epoch, long lastLsn) {
        int found = Arrays.binarySearch(epochs, epoch);
        int i = found >= 0 ? found : -found - 2;
        if (i < 0) {
            return 0;
        }
        return i == epochs.length - 1 ? lastLsn : firstLsns[i + 1] - 1;
    }

    /** The history with {@code epoch} starting at {@code firstLsn}; entries at or after that LSN are replaced. */
    public EpochHistory withStart(long epoch, long firstLsn) {
        int keep = entriesBefore(firstLsn);
        if (keep > 0 && epochs[keep - 1] == epoch) {
            return keep == epochs.length ? this : new EpochHistory(Arrays.copyOf(epochs, keep),
                    Arrays.copyOf(firstLsns, keep), fences);
        }
        long[] e = Arrays.copyOf(epochs, keep + 1);
        long[] f = Arrays.copyOf(firstLsns, keep + 1);
        e[keep] = epoch;
        f[keep] = firstLsn;
        return new EpochHistory(e, f, fences);
    }

    /** Drops entries that start after {@code lastLsn} (epochs whose first batch never reached the log). */
    public EpochHistory withoutEntriesAfter(long lastLsn) {
        int keep = entriesBefore(lastLsn + 1);
        return keep == epochs.length ? this
                : new EpochHistory(Arrays.copyOf(epochs, keep), Arrays.copyOf(firstLsns, keep), fences);
    }

    /**
     * The history after removing records {@code (lsn, lastLsn]}: their epochs become fences, fences for
     * positions that the removed records had refilled are superseded, and entries after {@code lsn} go.
     */
    public EpochHistory truncatedAfter(long lsn, long lastLsn) {
        List<Fence> next = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            long end = i + 1 < epochs.length ? firstLsns[i + 1] - 1 : lastLsn;
            long from = Math.max(firstLsns[i], lsn + 1);
            if (from <= end && from <= lastLsn) {
                next.add(new Fence(from, Math.min(end, lastLsn), epochs[i]));
            }
        }
        for (Fence f : fences) {
            if (f.lastLsn() > lastLsn) {
                next.add(new Fence(Math.max(f.firstLsn(), lastLsn + 1), f.lastLsn(), f.epoch()));
            }
        }
        EpochHistory trimmed = withoutEntriesAfter(lsn);
        return new EpochHistory(trimmed.epochs, trimmed.firstLsns, next);
    }

    /** The history with one more fence over {@code [firstLsn, lastLsn]} (used by repair). */
    public EpochHistory withFence(long firstLsn, long lastLsn, long epoch) {
        List<Fence> next = new ArrayList<>();
        for (Fence f : fences) {
            if (f.lastLsn() < firstLsn) {
                next.add(f);
            }
        }
        next.add(new Fence(firstLsn, lastLsn, epoch));
        return new EpochHistory(epochs, firstLsns, next);
    }

    /** Epoch of the record a truncation removed at {@code lsn}, or 0 when the position was never truncated. */
    public long fenceAt(long lsn) {
        for (Fence f : fences) {
            if (lsn >= f.firstLsn() && lsn <= f.lastLsn()) {
                return f.epoch();
            }
        }
        return 0;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + 16 * epochs.length + 24 * fences.size());
        b.put(MAGIC).putInt(epochs.length);
        for (int i = 0; i < epochs.length; i++) {
            b.putLong(epochs[i]).putLong(firstLsns[i]);
        }
        b.putInt(fences.size());
        for (Fence f : fences) {
            b.putLong(f.firstLsn()).putLong(f.lastLsn()).putLong(f.epoch());
        }
        return b.array();
    }

    /** Parses {@link #encode()}'s output (CRC already verified); throws IllegalArgumentException if malformed. */
    public static EpochHistory decode(byte[] content) {
        try {
            ByteBuffer b = ByteBuffer.wrap(content);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            int n = b.getInt();
            if (!Arrays.equals(magic, MAGIC) || n < 0 || n > b.remaining() / 16) {
                throw new IllegalArgumentException("not an epoch history");
            }
            long[] e = new long[n];
            long[] f = new long[n];
            for (int i = 0; i < n; i++) {
                e[i] = b.getLong();
                f[i] = b.getLong();
                if (i > 0 && (e[i] <= e[i - 1] || f[i] <= f[i - 1])) {
                    throw new IllegalArgumentException("epoch history entries are not ascending");
                }
            }
            int m = b.getInt();
            if (m < 0 || m != b.remaining() / 24 || b.remaining() % 24 != 0) {
                throw new IllegalArgumentException("epoch history fences are malformed");
            }
            List<Fence> fences = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                fences.add(new Fence(b.getLong(), b.getLong(), b.getLong()));
            }
            return new EpochHistory(e, f, fences);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("epoch history is truncated", e);
        }
    }

    private int floorEntry(long lsn) {
        int i = Arrays.binarySearch(firstLsns, lsn);
        return i >= 0 ? i : -i - 2;
    }

    private int entriesBefore(long lsn) {
        int i = Arrays.binarySearch(firstLsns, lsn);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochHistory h && Arrays.equals(epochs, h.epochs) && Arrays.equals(firstLsns, h.firstLsns)
                && fences.equals(h.fences);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(epochs) + Arrays.hashCode(firstLsns)) + fences.hashCode();
    }

    @Override
    public String toString() {
        return "EpochHistory" + entries() + " fences=" + fences;
    }
}
