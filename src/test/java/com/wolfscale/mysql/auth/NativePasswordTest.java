package com.wolfscale.mysql.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Vectors computed independently (MySQL's documented PASSWORD('password'); Python hashlib for the tokens). */
class NativePasswordTest {

    private static final byte[] SEED = "01234567890123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void storedHashOfAKnownPassword() {
        byte[] stage2 = NativePassword.stage2(NativePassword.stage1("password"));
        assertThat(NativePassword.formatStoredHash(stage2)).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19")).isEqualTo(stage2);
    }

    @Test
    void clientTokenVectors() {
        assertThat(hex(NativePassword.scramble("password", SEED))).isEqualTo("352fa47dce3067a3629e64048732064561dccb28");
        byte[] seed2 = new byte[20];
        for (int i = 0; i < 20; i++) {
            seed2[i] = (byte) (33 + i);
        }
        assertThat(hex(NativePassword.scramble("s3cret-✓", seed2))).isEqualTo("531928d803ccbf39545624fc4654e5a268e0fcee");
        assertThat(hex(NativePassword.stage1("s3cret-✓"))).isEqualTo("0e06e4c4f6a2a1d6100a559ede9a953026ddc74c");
    }

    @Test
    void verifyingATokenRecoversSha1OfThePasswordWhichLogsInWithAnyOtherSeed() {
        byte[] stage2 = NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        byte[] token = NativePassword.scramble("password", SEED);
        byte[] stage1 = NativePassword.verify(token, SEED, stage2).orElseThrow();
        assertThat(stage1).isEqualTo(NativePassword.stage1("password"));
        byte[] backendSeed = new AuthSeed(new Random(3)).next();
        assertThat(NativePassword.tokenFromStage1(stage1, backendSeed))
                .isEqualTo(NativePassword.scramble("password", backendSeed));
        assertThat(NativePassword.verify(NativePassword.scramble("Password", SEED), SEED, stage2)).isEmpty();
        assertThat(NativePassword.verify(token, backendSeed, stage2)).as("token for another seed").isEmpty();
        assertThat(NativePassword.verify(new byte[5], SEED, stage2)).isEmpty();
    }

    @Test
    void emptyPasswords() {
        assertThat(NativePassword.scramble("", SEED)).isEmpty();
        assertThat(NativePassword.parseStoredHash("")).isEmpty();
        assertThat(NativePassword.verify(new byte[0], SEED, new byte[0])).hasValueSatisfying(s -> assertThat(s).isEmpty());
        assertThat(NativePassword.verify(new byte[20], SEED, new byte[0])).isEmpty();
        byte[] stage2 = NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(NativePassword.verify(new byte[0], SEED, stage2)).as("no empty-token bypass").isEmpty();
    }

    @Test
    void otherHashShapesAreRefused() {
        assertThatThrownBy(() -> NativePassword.parseStoredHash("6f8c114b58f2ce9e"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mysql_native_password hash");
        assertThatThrownBy(() -> NativePassword.parseStoredHash("$5$abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cachingSha2FastPathVector() {
        assertThat(hex(CachingSha2Password.scramble("password", SEED)))
                .isEqualTo("eabea378c3fddb0f63df965eac53321a81ae7f2fe5f4fe2eb37b9390523faec1");
        assertThat(CachingSha2Password.scramble("", SEED)).isEmpty();
    }

    @Test
    void seedsArePrintableNulFreeAndReproducibleWithASeededGenerator() {
        byte[] a = new AuthSeed(new Random(42)).next();
        assertThat(a).hasSize(20).isEqualTo(new AuthSeed(new Random(42)).next());
        AuthSeed seeds = new AuthSeed(new java.security.SecureRandom());
        for (int i = 0; i < 200; i++) {
            for (byte b : seeds.next()) {
                assertThat(b).isBetween((byte) 33, (byte) 126);
            }
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
