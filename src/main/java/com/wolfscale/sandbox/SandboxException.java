package com.wolfscale.sandbox;

/** A sandboxed MariaDB server could not be set up, started or stopped; the message says why and what to do. */
public final class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
