package com.wolfscale.node.command;

import com.wolfscale.wal.VerifyReport;
import com.wolfscale.wal.WalVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfscale wal verify --data-dir DIR [--repair]}: checks every record of the WAL in {@code DIR/wal}.
 * Exit code 0 when the log is clean (a torn tail counts as clean: opening the WAL cuts it), 1 when it is
 * corrupt (or still corrupt after a repair), 2 when it could not be checked (missing, or in use by a
 * running node).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every record of the write-ahead log in DIR/wal (stop the node first). "
                + "Exit 0 clean, 1 corrupt, 2 could not check.")
public final class WalVerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The node's data directory ([node] data_dir); the WAL is DIR/wal.")
    Path dataDir;

    @Option(names = "--repair", description = "Cut the log at the first bad record, deleting every record from "
            + "there on (a follower fetches them again from the leader), and rebuild damaged metadata.")
    boolean repair;

    @Override
    public Integer call() {
        Path walDir = dataDir.resolve("wal");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerifyReport report = repair ? WalVerifier.repair(walDir) : WalVerifier.verify(walDir);
        for (VerifyReport.Finding f : report.findings()) {
            (f.severity() == VerifyReport.Severity.NOTICE ? out : err).println(f.format());
        }
        if (report.isError()) {
            err.println(walDir + ": could not verify the WAL");
            return 2;
        }
        out.println(walDir + ": " + report.segments() + " segment(s), " + report.records() + " valid record(s), LSN "
                + report.firstLsn() + ".." + report.lastLsn());
        if (report.repair() != null) {
            warnAboutRepair(err, walDir, report.repair());
        }
        if (!report.isClean()) {
            err.println(walDir + ": CORRUPT. Records from the first CORRUPTION on cannot be trusted. If this node can "
                    + "fetch them again from the leader, run again with --repair; otherwise keep the directory for analysis.");
            return 1;
        }
        out.println(walDir + ": clean" + (report.repair() != null ? " after repair" : ""));
        return 0;
    }

    private static void warnAboutRepair(PrintWriter err, Path walDir, VerifyReport.Repair r) {
        if (r.firstRemovedLsn().value() > 0) {
            err.println("WARNING: --repair REMOVED every record from LSN " + r.firstRemovedLsn() + " on (" + r.bytesRemoved()
                    + " bytes, " + r.segmentsRemoved() + " whole segment file(s)) in " + walDir + ".");
            err.println("WARNING: this node must fetch them again from the leader. If it was the leader, writes that "
                    + "clients saw acknowledged may be lost.");
        }
        if (r.historyRebuilt()) {
            err.println("WARNING: the epoch history was rebuilt from the log.");
        }
    }
}
