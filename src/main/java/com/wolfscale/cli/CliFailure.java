package com.wolfscale.cli;

/** The cluster said no, or could not be reached: wolfctl prints the message and exits 1. */
final class CliFailure extends Exception {

    CliFailure(String message) {
        super(message);
    }
}
