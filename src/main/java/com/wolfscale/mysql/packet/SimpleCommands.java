package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;

/** Shared checks of the small command decoders. */
final class SimpleCommands {

    private SimpleCommands() {
    }

    static void expect(PayloadReader r, int command) {
        int actual = r.u8();
        if (actual != command) {
            throw r.fail("command byte " + Command.name(actual) + " is not " + Command.name(command));
        }
    }
}
