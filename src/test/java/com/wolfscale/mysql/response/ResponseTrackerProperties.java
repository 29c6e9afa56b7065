package com.wolfscale.mysql.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.ServerStatus;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random multi-result responses (OKs and text result sets whose rows start with any byte a row can start
 * with, optionally ended by an ERR), encoded with and without CLIENT_DEPRECATE_EOF: the tracker ends exactly
 * at the last packet, in logical and in raw mode, and counts rows and result sets right.
 */
class ResponseTrackerProperties {

    /** One result: {@code null} = an OK, else the rows of a result set (each row a list of values). */
    @Provide
    Arbitrary<List<List<List<String>>>> responses() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""),
                Arbitraries.strings().ofMaxLength(300));
        Arbitrary<List<List<String>>> resultSet = Arbitraries.integers().between(1, 4)
                .flatMap(cols -> value.list().ofSize(cols).list().ofMaxSize(6));
        return Arbitraries.oneOf(resultSet, Arbitraries.just(null)).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 300)
    void endsExactlyAtTheLastPacket(@ForAll("responses") List<List<List<String>>> results, @ForAll boolean deprecateEof,
            @ForAll boolean endWithError) {
        long caps = deprecateEof ? Responses.OK_CAPS : Responses.EOF_CAPS;
        List<byte[]> packets = new ArrayList<>();
        long rows = 0;
        int resultSets = 0;
        for (int i = 0; i < results.size(); i++) {
            boolean last = i == results.size() - 1 && !endWithError;
            int status = ServerStatus.AUTOCOMMIT | (last ? 0 : ServerStatus.MORE_RESULTS_EXISTS);
            List<List<String>> rs = results.get(i);
            if (rs == null) {
                packets.add(Responses.ok(status));
                continue;
            }
            int columns = rs.isEmpty() ? 1 : rs.get(0).size();
            packets.add(Responses.count(columns));
            for (int c = 0; c < columns; c++) {
                packets.add(Responses.def("c" + c));
            }
            if (!Capabilities.has(caps, Capabilities.CLIENT_DEPRECATE_EOF)) {
                packets.add(Responses.eof(ServerStatus.AUTOCOMMIT));
            }
            for (List<String> r : rs) {
                packets.add(Responses.row(r.toArray(String[]::new)));
            }
            packets.add(Responses.end(caps, status));
            rows += rs.size();
            resultSets++;
        }
        if (endWithError) {
            packets.add(Responses.err());
        }
        ResponseTracker logical = ResponseTracker.forCommand(Command.COM_QUERY, caps);
        ResponseTracker raw = ResponseTracker.forCommand(Command.COM_QUERY, caps);
        for (int i = 0; i < packets.size(); i++) {
            Expect want = i == packets.size() - 1 ? Expect.DONE : Expect.SERVER;
            assertThat(logical.accept(packets.get(i))).isEqualTo(want);
            assertThat(raw.accept(RawPacket.of(i & 0xFF, packets.get(i)))).isEqualTo(want);
        }
        assertThat(logical.summary().rows()).isEqualTo(rows).isEqualTo(raw.summary().rows());
        assertThat(logical.summary().resultSets()).isEqualTo(resultSets);
        assertThat(logical.summary().error().isPresent()).isEqualTo(endWithError);
    }
}
