package com.wolfscale.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.wolfscale.config.LogFormat;
import com.wolfscale.config.LoggingSection;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code [logging]} (level, format, file) and the {@code -l} option to Logback at run time.
 * The level can be changed again later without a restart ({@link #setLevel}).
 */
public final class LogSetup {

    private LogSetup() {
    }

    /** Sets the root level; accepts trace, debug, info, warn, error, off. */
    public static void setLevel(String level) {
        root().setLevel(Level.toLevel(level, Level.INFO));
    }

    public static String level() {
        return root().getLevel().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Replaces the appenders with one for the configured format and destination.
     *
     * @param levelOverride the {@code -l} option, which wins over the file's level
     */
    public static void apply(LoggingSection logging, Optional<String> levelOverride) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = root();
        root.detachAndStopAllAppenders();
        Encoder<ILoggingEvent> encoder = encoder(context, logging.format());
        OutputStreamAppender<ILoggingEvent> appender = logging.file().map(file -> fileAppender(file))
                .orElseGet(LogSetup::stderrAppender);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        setLevel(levelOverride.orElse(logging.level()));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithArguments(false);
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        pattern.setContext(context);
        pattern.start();
        return pattern;
    }

    private static OutputStreamAppender<ILoggingEvent> fileAppender(Path file) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setName("file");
        return appender;
    }

    private static OutputStreamAppender<ILoggingEvent> stderrAppender() {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setTarget("System.err");
        appender.setName("stderr");
        return appender;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
