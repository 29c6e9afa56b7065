package com.wolfscale.wal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The batch format: round trip for any payload, stream decoding under any split, corruption always detected. */
class BatchCodecProperties {

    /** A record as the encoder takes it. */
    record Entry(long timestamp, byte type, byte[] payload) {
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> empty = Arbitraries.just(new byte[0]);
        Arbitrary<byte[]> oneByte = Arbitraries.bytes().map(b -> new byte[] {b});
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        Arbitrary<byte[]> large = Arbitraries.integers().between(64 << 10, 300 << 10).flatMap(n ->
                Arbitraries.randomValue(r -> {
                    byte[] b = new byte[n];
                    r.nextBytes(b);
                    return b;
                }));
        Arbitrary<byte[]> compressible = Combinators.combine(Arbitraries.bytes(), Arbitraries.integers().between(1, 200_000))
                .as((b, n) -> {
                    byte[] a = new byte[n];
                    Arrays.fill(a, b);
                    return a;
                });
        Arbitrary<byte[]> text = Arbitraries.strings().withChars("INSERT INTO t VALUES(1,'abc');").ofMaxLength(5000)
                .map(String::getBytes);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, empty), net.jqwik.api.Tuple.of(2, oneByte),
                net.jqwik.api.Tuple.of(5, random), net.jqwik.api.Tuple.of(1, large),
                net.jqwik.api.Tuple.of(2, compressible), net.jqwik.api.Tuple.of(3, text));
    }

    @Provide
    Arbitrary<List<Entry>> batches() {
        Arbitrary<Entry> entry = Combinators.combine(Arbitraries.longs(), Arbitraries.bytes(), payloads()).as(Entry::new);
        return entry.list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void everyBatchDecodesToWhatWasEncoded(@ForAll("batches") List<Entry> entries, @ForAll boolean compress,
                                           @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 2) long epoch,
                                           @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 2) long baseLsn) {
        byte[] batch = encode(compress, epoch, baseLsn, entries);
        BatchHeader h = BatchHeader.parse(ByteBuffer.wrap(batch));
        assertThat(h.problem(batch.length)).isNull();
        assertThat(h.totalBytes()).isEqualTo(batch.length);
        assertThat(BatchCodec.checksumMatches(batch, 0, batch.length)).isTrue();
        int raw = entries.stream().mapToInt(e -> BatchCodec.RECORD_OVERHEAD + e.payload().length).sum();
        assertThat(h.storedLength()).isLessThanOrEqualTo(raw);
        assertThat(h.compressed()).isEqualTo(h.storedLength() < raw);
        assertThat(BatchCodec.decode(batch, 0, h, baseLsn)).containsExactlyElementsOf(records(epoch, baseLsn, entries));
    }

    @Property(tries = 200)
    void randomSplitsOfAStreamDecodeIdentically(@ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("batches") List<Entry>> batches,
                                                @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 70_000) Integer> cuts,
                                                @ForAll boolean compress) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<WalRecord> expected = new ArrayList<>();
        long lsn = 1;
        for (List<Entry> b : batches) {
            stream.writeBytes(encode(compress, 7, lsn, b));
            expected.addAll(records(7, lsn, b));
            lsn += b.size();
        }
        byte[] bytes = stream.toByteArray();
        BatchStreamDecoder decoder = new BatchStreamDecoder(0, Long.MAX_VALUE);
        List<WalRecord> decoded = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            int n = Math.min(cut, bytes.length - at);
            decoder.feed(ByteBuffer.wrap(bytes, at, n));
            at += n;
            drain(decoder, decoded);
        }
        decoder.feed(ByteBuffer.wrap(bytes, at, bytes.length - at));
        drain(decoder, decoded);
        assertThat(decoder.finish()).isInstanceOf(BatchStreamDecoder.NeedMore.class);
        assertThat(decoded).containsExactlyElementsOf(expected);
        assertThat(decoder.position()).isEqualTo(bytes.length);
    }

    @Property(tries = 300)
    void aFlippedByteOrATruncationIsAlwaysDetected(@ForAll("batches") List<Entry> entries, @ForAll boolean compress,
                                                   @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                                   @ForAll @IntRange(min = 1, max = 255) int flip,
                                                   @ForAll boolean truncate) {
        byte[] batch = encode(compress, 3, 10, entries);
        // a truncation keeps 1..length-1 bytes (an empty stream is a clean end, not a torn batch)
        int position = truncate ? 1 + where % (batch.length - 1) : where % batch.length;
        byte[] damaged = truncate ? Arrays.copyOf(batch, position) : batch.clone();
        if (!truncate) {
            damaged[position] ^= (byte) flip;
        }
        BatchStreamDecoder decoder = new BatchStreamDecoder(0, damaged.length);
        decoder.feed(ByteBuffer.wrap(damaged));
        BatchStreamDecoder.Result r = decoder.finish();
        assertThat(r).isInstanceOf(BatchStreamDecoder.Invalid.class);
    }

    private static void drain(BatchStreamDecoder decoder, List<WalRecord> into) {
        while (decoder.next() instanceof BatchStreamDecoder.Batch b) {
            into.addAll(BatchCodec.decode(b.bytes(), b.offset(), b.header(), b.header().baseLsn()));
        }
    }

    static byte[] encode(boolean compress, long epoch, long baseLsn, List<Entry> entries) {
        BatchEncoder encoder = new BatchEncoder(compress);
        encoder.begin(epoch, baseLsn);
        entries.forEach(e -> encoder.add(e.timestamp(), e.type(), e.payload()));
        return encoder.finishToArray();
    }

    private static List<WalRecord> records(long epoch, long baseLsn, List<Entry> entries) {
        List<WalRecord> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            out.add(new WalRecord(Lsn.of(baseLsn + i), Epoch.of(epoch), e.timestamp(), e.type(), e.payload()));
        }
        return out;
    }
}
