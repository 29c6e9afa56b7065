package com.wolfscale.mysql.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.auth.CachingSha2Password;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.packet.AuthMoreData;
import com.wolfscale.mysql.packet.AuthSwitchRequest;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.HandshakeResponse41;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.packet.SslRequest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientLoginTest {

    private static final byte[] OK = OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(Capabilities.DEFAULT_CLIENT);

    private static HandshakeV10 handshake(String plugin) {
        byte[] seed = new byte[20];
        Arrays.fill(seed, (byte) 'A');
        long caps = (Capabilities.DEFAULT_CLIENT | Capabilities.CLIENT_SSL | Capabilities.CLIENT_CONNECT_WITH_DB
                | Capabilities.MARIADB_CLIENT_PROGRESS) & ~Capabilities.CLIENT_MYSQL;
        return new HandshakeV10(10, "5.5.5-10.11.19-MariaDB", 42, seed, caps, 45, 2, plugin);
    }

    @Test
    void nativePasswordLoginSendsAVerifiableTokenAndNegotiatesTheIntersection() throws Exception {
        HandshakeV10 h = handshake(NativePassword.PLUGIN);
        ScriptedServer server = new ScriptedServer().send(0, h.encode()).send(2, OK);
        LoginRequest req = LoginRequest.of("alice", Credential.password("pw")).withDatabase("shop")
                .withAttributes(Map.of("_client_name", "test"));
        LoginResult result = ClientLogin.login(server.streams(), req);
        assertThat(result.connectionId()).isEqualTo(42);
        assertThat(result.serverVersion()).isEqualTo("10.11.19-MariaDB");
        assertThat(result.authPlugin()).isEqualTo(NativePassword.PLUGIN);
        assertThat(result.tls()).isFalse();
        assertThat(Capabilities.has(result.capabilities(), Capabilities.MARIADB_CLIENT_PROGRESS)).as("not requested")
                .isFalse();

        List<Packet> sent = server.clientPackets();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).sequenceId()).isEqualTo(1);
        HandshakeResponse41 r = HandshakeResponse41.decode(sent.get(0).payload());
        assertThat(r.username()).isEqualTo("alice");
        assertThat(r.database()).isEqualTo("shop");
        assertThat(r.attributes()).containsEntry("_client_name", "test");
        assertThat(r.capabilities()).isEqualTo(result.capabilities());
        byte[] stage2 = NativePassword.stage2(NativePassword.stage1("pw"));
        assertThat(NativePassword.verify(r.authResponse(), h.seed(), stage2)).isPresent();
    }

    @Test
    void sha1OfThePasswordIsEnoughForNativePasswordAndFollowsAuthSwitches() throws Exception {
        byte[] newSeed = "BBBBBBBBBBBBBBBBBBBB".getBytes();
        byte[] switchData = Arrays.copyOf(newSeed, 21);
        ScriptedServer server = new ScriptedServer().send(0, handshake("client_ed25519").encode())
                .send(2, new AuthSwitchRequest(NativePassword.PLUGIN, switchData).encode()).send(4, OK);
        byte[] stage1 = NativePassword.stage1("pw");
        LoginResult result = ClientLogin.login(server.streams(), LoginRequest.of("bob", Credential.nativeStage1(stage1)));
        assertThat(result.authPlugin()).isEqualTo(NativePassword.PLUGIN);
        List<Packet> sent = server.clientPackets();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).sequenceId()).isEqualTo(3);
        assertThat(sent.get(1).payload()).isEqualTo(NativePassword.scramble("pw", newSeed));
    }

    @Test
    void aRefusedLoginCarriesTheServersError() {
        ScriptedServer server = new ScriptedServer().send(0, Golden.bytes("handshake")).send(2, Golden.bytes("err1045"));
        assertThatThrownBy(() -> ClientLogin.login(server.streams(), LoginRequest.of("nobody", Credential.password("x"))))
                .isInstanceOfSatisfying(LoginFailedException.class,
                        e -> assertThat(e.error().orElseThrow().errorCode()).isEqualTo(1045));
        ScriptedServer tooMany = new ScriptedServer().send(0, new ErrPacket(1040, "08004", "Too many connections").encode());
        assertThatThrownBy(() -> ClientLogin.login(tooMany.streams(), LoginRequest.of("a", Credential.password(""))))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("Too many connections");
    }

    @Test
    void tlsUpgradeHappensThroughTheCallersCallbackAfterTheSslRequest() throws Exception {
        HandshakeV10 h = handshake(NativePassword.PLUGIN);
        ScriptedServer clear = new ScriptedServer().send(0, h.encode());
        ScriptedServer encrypted = new ScriptedServer().send(3, OK);
        ConnectionStreams clearStreams = clear.streams();
        int[] calls = {0};
        LoginRequest req = LoginRequest.of("alice", Credential.password("pw")).withTls(hs -> {
            calls[0]++;
            assertThat(hs.connectionId()).isEqualTo(42);
            byte[] soFar = ((ByteArrayOutputStream) clearStreams.output()).toByteArray();
            assertThat(soFar).as("the SSLRequest is flushed before the TLS handshake").hasSize(4 + SslRequest.LENGTH);
            return encrypted.streams();
        });
        LoginResult result = ClientLogin.login(clearStreams, req);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(result.tls()).isTrue();
        assertThat(SslRequest.isSslRequest(clear.clientPackets().get(0).payload())).isTrue();
        Packet response = encrypted.clientPackets().get(0);
        assertThat(response.sequenceId()).isEqualTo(2);
        assertThat(Capabilities.has(HandshakeResponse41.decode(response.payload()).capabilities(), Capabilities.CLIENT_SSL))
                .isTrue();
    }

    @Test
    void tlsIsRefusedWhenTheServerDoesNotOfferIt() {
        HandshakeV10 h = handshake(NativePassword.PLUGIN);
        HandshakeV10 noSsl = new HandshakeV10(10, h.serverVersion(), 1, h.seed(),
                h.capabilities() & ~Capabilities.CLIENT_SSL, 45, 2, h.authPluginName());
        ScriptedServer server = new ScriptedServer().send(0, noSsl.encode());
        assertThatThrownBy(() -> ClientLogin.login(server.streams(),
                LoginRequest.of("a", Credential.password("p")).withTls(x -> null)))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("does not offer it");
    }

    @Test
    void cachingSha2FastPathAndItsLimits() throws Exception {
        HandshakeV10 h = handshake(CachingSha2Password.PLUGIN);
        ScriptedServer fast = new ScriptedServer().send(0, h.encode())
                .send(2, new AuthMoreData(new byte[] {3}).encode()).send(3, OK);
        LoginResult result = ClientLogin.login(fast.streams(), LoginRequest.of("m", Credential.password("pw")));
        assertThat(result.authPlugin()).isEqualTo(CachingSha2Password.PLUGIN);
        assertThat(HandshakeResponse41.decode(fast.clientPackets().get(0).payload()).authResponse())
                .isEqualTo(CachingSha2Password.scramble("pw", h.seed()));

        ScriptedServer full = new ScriptedServer().send(0, h.encode()).send(2, new AuthMoreData(new byte[] {4}).encode());
        assertThatThrownBy(() -> ClientLogin.login(full.streams(), LoginRequest.of("m", Credential.password("pw"))))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("needs TLS");

        ScriptedServer hashOnly = new ScriptedServer().send(0, handshake(NativePassword.PLUGIN).encode())
                .send(2, new AuthSwitchRequest(CachingSha2Password.PLUGIN, new byte[21]).encode());
        assertThatThrownBy(() -> ClientLogin.login(hashOnly.streams(),
                LoginRequest.of("m", Credential.nativeStage1(new byte[20]))))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("needs the password");
    }

    @Test
    void clearPasswordIsNeverSentWithoutTls() {
        ScriptedServer server = new ScriptedServer().send(0, handshake(NativePassword.PLUGIN).encode())
                .send(2, new AuthSwitchRequest(ClientLogin.CLEAR_PASSWORD_PLUGIN, new byte[0]).encode());
        assertThatThrownBy(() -> ClientLogin.login(server.streams(), LoginRequest.of("m", Credential.password("pw"))))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("without TLS");
    }
}
