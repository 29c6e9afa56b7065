package com.wolfscale.mysql.auth;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class NativePasswordProperties {

    @Property(tries = 300)
    void aVerifiedTokenYieldsWhatAnswersEveryOtherSeed(@ForAll @StringLength(min = 1, max = 40) String password,
            @ForAll @Size(20) byte[] clientSeed, @ForAll @Size(20) byte[] backendSeed, @ForAll String other) {
        byte[] stage2 = NativePassword.stage2(NativePassword.stage1(password));
        byte[] stage1 = NativePassword.verify(NativePassword.scramble(password, clientSeed), clientSeed, stage2)
                .orElseThrow();
        assertThat(NativePassword.tokenFromStage1(stage1, backendSeed))
                .isEqualTo(NativePassword.scramble(password, backendSeed));
        if (!other.equals(password) && !other.isEmpty()) {
            assertThat(NativePassword.verify(NativePassword.scramble(other, clientSeed), clientSeed, stage2)).isEmpty();
        }
        assertThat(NativePassword.parseStoredHash(NativePassword.formatStoredHash(stage2))).isEqualTo(stage2);
    }
}
