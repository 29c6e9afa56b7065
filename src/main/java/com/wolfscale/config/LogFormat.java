package com.wolfscale.config;

/** PRETTY: one human-readable line per event. JSON: one JSON object per line, for log shippers. */
public enum LogFormat { PRETTY, JSON }
