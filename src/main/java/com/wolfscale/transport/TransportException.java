package com.wolfscale.transport;

import java.io.IOException;

/** A peer connection broke the protocol (bad frame, failed authentication, wrong cluster); it is closed. */
public final class TransportException extends IOException {

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
