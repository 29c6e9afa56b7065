package com.wolfscale.capture;

/** The binlog stream did something capture cannot turn into a faithful WAL record; capture stops. */
public final class CaptureException extends RuntimeException {

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
