package com.wolfscale.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class AddressProperties {

    @Property
    void hostPortRoundTrips(@ForAll("hosts") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
        HostPort hp = new HostPort(host, port);
        assertThat(HostPort.parse(hp.toString())).contains(hp);
    }

    @Property
    void parsingNeverThrows(@ForAll @StringLength(max = 40) String text) {
        HostPort.parse(text);
        PeerAddress.parse(text);
    }

    @Property
    void peerWithIdRoundTrips(@ForAll("ids") String id, @ForAll("hosts") String host,
                              @ForAll @IntRange(min = 1, max = 65535) int port) {
        PeerAddress p = new PeerAddress(java.util.Optional.of(id), new HostPort(host, port));
        assertThat(PeerAddress.parse(p.toString())).contains(p);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> hosts() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-').ofMinLength(1).ofMaxLength(30),
                net.jqwik.api.Arbitraries.of("::1", "fe80::1", "10.0.0.1", "0.0.0.0"));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> ids() {
        return net.jqwik.api.Arbitraries.strings().alpha().numeric().withChars('.', '_', '-').ofMinLength(1).ofMaxLength(20)
                .filter(NodeIds::isValid);
    }

    @Property
    void rejectsBadPorts(@ForAll @IntRange(min = 65536, max = 999999) int port) {
        assertThat(HostPort.parse("h:" + port)).isEmpty();
        assertThat(HostPort.parse("h:0")).isEmpty();
    }
}
