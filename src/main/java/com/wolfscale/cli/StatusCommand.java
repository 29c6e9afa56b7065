package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.OriginalNames;
import com.wolfscale.api.model.StatusView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wolfctl status}: the node the endpoint points at. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "This node: role, leader, epoch, log positions, health, capture and apply.")
final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        Wolfctl root = Wolfctl.root(spec);
        JsonNode json = root.client().get("/status");
        PrintWriter out = spec.commandLine().getOut();
        if (root.json) {
            Wolfctl.printJson(out, json);
            return 0;
        }
        StatusView s = ApiClient.convert(json, StatusView.class);
        out.println("Node ID:      " + s.nodeId());
        out.println("Role:         " + OriginalNames.upper(s.role()) + (s.writable() ? " (takes writes)" : ""));
        out.println("Status:       " + OriginalNames.upper(s.status()));
        out.println("Leader:       " + (s.leaderId() == null ? "NONE" : s.leaderId()));
        out.println("Epoch:        term " + s.term() + " (" + s.epoch() + ")");
        out.println("LSN:          last " + s.lastLsn() + ", durable " + s.durableLsn() + ", commit " + s.commitLsn()
                + ", applied " + s.lastAppliedLsn());
        out.println("Cluster Size: " + s.clusterSize() + " (quorum: " + (s.hasQuorum() ? "yes" : "NO") + ")");
        out.println("Successor:    " + (s.expectedSuccessor() == null ? "NONE" : s.expectedSuccessor()));
        out.println("Health:       " + (s.healthy() ? "healthy" : "UNHEALTHY: " + s.healthReason()));
        if (s.capture() != null) {
            out.println("Capture:      " + (s.capture().connected() ? "connected" : "NOT CONNECTED") + ", "
                    + s.capture().capturedTransactions() + " transaction(s)"
                    + (s.capture().lastError() == null ? "" : ", last error: " + s.capture().lastError()));
        }
        out.println("Apply:        " + (s.apply().stopped() ? "STOPPED: " + s.apply().error()
                : "at LSN " + s.apply().appliedLsn() + (s.apply().appliedGtid().isEmpty() ? "" : " (GTID "
                + s.apply().appliedGtid() + ")")));
        if (s.repair() != null) {
            var r = s.repair();
            out.println("Repair:       " + r.state() + (r.reason() == null ? "" : " (" + r.reason() + ")") + ", "
                    + r.rolledBack() + " transaction(s) rolled back" + (r.lastRolledBack() == null ? ""
                    : ", last " + r.lastRolledBack() + "; files and audit.log in " + r.auditDir()));
        }
        out.println("Uptime:       " + s.uptimeSeconds() + " s");
        return 0;
    }
}
